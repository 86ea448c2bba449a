import { readFileSync } from "node:fs";
import { and, count, eq, inArray, or, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Db } from "#db/client";
import {
  auditLog,
  cohortMembers,
  emailOutbox,
  enrolmentImports,
  memberships,
  passwordTokens,
  traineeProfiles,
  users,
} from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { createCohort } from "~/modules/cohorts/index.server";
import { MAX_TABLE_BYTES } from "~/modules/spreadsheets/index.server";
import { db } from "~/utils/db.server";
import { commitImport, dryRunImport, type ImportFile } from "./import.server";

beforeAll(() => syncFixtureContent());

const APP_URL = "https://academy.example.cn";
const fixture = (name: string): ImportFile => ({
  fileName: name,
  bytes: new Uint8Array(readFileSync(`tests/fixtures/import/${name}`)),
});
const csvFile = (text: string, fileName = "名单.csv"): ImportFile => ({
  fileName,
  bytes: new TextEncoder().encode(text),
});
const FIXTURE_EMAILS = [
  "wangjianguo@example.com",
  "lixiaomei@example.cn",
  "zhangwei@example.com",
  "chenjing@example.org",
];
const FIXTURE_MOBILES = ["13912345678", "18634567890", "13987654321", "18612345670"];

// The fixtures name the same five people: each test starts without them (their roles go with them).
beforeEach(async () => {
  const d = await db();
  await d.delete(users).where(or(inArray(users.email, FIXTURE_EMAILS), inArray(users.phone, FIXTURE_MOBILES)));
});

async function centerWithStaff(capacity = 40) {
  const d = await db();
  const region = await makeRegion(d);
  const org = await makeOrganization(d, region.id);
  const center = { id: org.id, regionId: region.id, nameZh: org.nameZh };
  const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: org.id })).id);
  const created = await createCohort(d, staff, center, {
    name: `2026年第${capacity}期初级班`,
    levelSlug: "junior",
    startsOn: "2026-09-01",
    endsOn: "2026-11-30",
    capacity,
    instructorIds: [],
  });
  if (!created.ok) throw new Error("cohort not created");
  return { d, region, center, staff, cohortId: created.cohortId };
}

/** Everything an import may write, counted: a second import of the same people must leave it as it is. */
async function footprint(d: Db) {
  const one = async (q: PromiseLike<{ n: number }[]>) => Number((await q)[0]!.n);
  return {
    users: await one(d.select({ n: count() }).from(users)),
    memberships: await one(d.select({ n: count() }).from(memberships)),
    profiles: await one(d.select({ n: count() }).from(traineeProfiles)),
    cohortMembers: await one(d.select({ n: count() }).from(cohortMembers)),
    outbox: await one(d.select({ n: count() }).from(emailOutbox)),
    tokens: await one(d.select({ n: count() }).from(passwordTokens)),
    imports: await one(d.select({ n: count() }).from(enrolmentImports)),
  };
}

describe("importing a list of trainees", () => {
  test("a UTF-8 CSV with a BOM: new accounts without passwords, trainees of the center, in the cohort, invited by e-mail", async () => {
    const { d, center, staff, cohortId } = await centerWithStaff();
    const dry = await dryRunImport(d, staff, center, { file: fixture("trainees-utf8-bom.csv"), cohortId });
    if (!dry.ok) throw new Error(dry.failure.code);
    expect(dry.plan.counts).toMatchObject({ rows: 5, create: 5, invitations: 4, withoutEmail: 1, rowsWithErrors: 0 });
    // The dry run wrote nothing.
    expect(await d.select().from(users).where(inArray(users.email, FIXTURE_EMAILS))).toEqual([]);

    const done = await commitImport(d, staff, center, {
      file: fixture("trainees-utf8-bom.csv"),
      cohortId,
      appUrl: APP_URL,
    });
    expect(done).toMatchObject({
      ok: true,
      summary: { created: 5, linked: 0, alreadyMembers: 0, addedToCohort: 5, invitations: 4, withoutEmail: 1 },
    });

    const people = await d
      .select()
      .from(users)
      .where(inArray(users.phone, [...FIXTURE_MOBILES]));
    expect(people.map((p) => p.name).sort()).toEqual(["刘芳", "张伟", "李晓梅", "王建国"].sort());
    expect(people.every((p) => p.passwordHash === null)).toBe(true);
    const trainees = await d
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.organizationId, center.id), eq(memberships.role, "trainee")));
    expect(trainees).toHaveLength(5);
    expect(await d.select({ n: count() }).from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId))).toEqual([
      { n: 5 },
    ]);
    const [wang] = await d.select().from(users).where(eq(users.email, "wangjianguo@example.com"));
    expect(await d.select().from(traineeProfiles).where(eq(traineeProfiles.userId, wang!.id))).toMatchObject([
      { employer: "太原理工大学技术转移中心", jobTitle: "技术经理人" },
    ]);

    // One invitation per new account with an e-mail address, each with its own set-password link.
    const mails = await d.select().from(emailOutbox).where(inArray(emailOutbox.to, FIXTURE_EMAILS));
    expect(mails.map((m) => m.to).sort()).toEqual([...FIXTURE_EMAILS].sort());
    const toWang = mails.find((m) => m.to === "wangjianguo@example.com")!;
    expect(toWang.subject).toBe("【技术经理人学院】请设置您的账号密码");
    expect(toWang.text).toContain("王建国");
    expect(toWang.text).toContain(center.nameZh);
    expect(toWang.text).toMatch(new RegExp(`${APP_URL}/reset-password/\\w+`));
    expect(new Set(mails.map((m) => /reset-password\/(\w+)/.exec(m.text)![1])).size).toBe(4);

    const [record] = await d.select().from(enrolmentImports).where(eq(enrolmentImports.centerId, center.id));
    expect(record).toMatchObject({ fileName: "trainees-utf8-bom.csv", cohortId, importedBy: staff.id });
    expect(record!.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(record!.rows)).toMatchObject({ created: 5, invitations: 4 });
    const [entry] = await d
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "enrolment.import"), eq(auditLog.targetId, center.id)));
    expect(entry).toMatchObject({ actorId: staff.id, after: { fileName: "trainees-utf8-bom.csv", created: 5 } });
  });

  test("the same people from a GBK CSV, shuffled English headers and an XLSX are recognised: importing again changes nothing", async () => {
    const { d, center, staff, cohortId } = await centerWithStaff();
    const first = await commitImport(d, staff, center, {
      file: fixture("trainees-utf8-bom.csv"),
      cohortId,
      appUrl: APP_URL,
    });
    expect(first.ok).toBe(true);
    const before = await footprint(d);

    for (const name of [
      "trainees-gbk.csv",
      "trainees-shuffled-headers.csv",
      "trainees.xlsx",
      "trainees-utf8-bom.csv",
    ]) {
      const dry = await dryRunImport(d, staff, center, { file: fixture(name), cohortId });
      if (!dry.ok) throw new Error(`${name}: ${dry.failure.code}`);
      expect(dry.plan.rows.map((r) => [r.values.name, r.action?.kind])).toEqual([
        ["王建国", "nothing"],
        ["李晓梅", "nothing"],
        ["张伟", "nothing"],
        ["刘芳", "nothing"],
        ["陈静", "nothing"],
      ]);
      const again = await commitImport(d, staff, center, { file: fixture(name), cohortId, appUrl: APP_URL });
      expect(again).toMatchObject({
        ok: true,
        importId: null,
        summary: { created: 0, linked: 0, alreadyMembers: 5, addedToCohort: 0, invitations: 0 },
      });
    }
    expect(await footprint(d)).toEqual(before);
  });

  test("every kind of row error is reported on its line, and committing such a file writes nothing", async () => {
    const { d, center, staff, cohortId } = await centerWithStaff();
    const dry = await dryRunImport(d, staff, center, { file: fixture("trainees-errors.csv"), cohortId });
    if (!dry.ok) throw new Error(dry.failure.code);
    expect(dry.plan.rows.map((r) => [r.line, r.errors])).toEqual([
      [2, []],
      [3, []],
      [4, [{ code: "name_missing" }]],
      [5, [{ code: "contact_missing" }]],
      [6, [{ code: "mobile_malformed" }]],
      [8, [{ code: "email_malformed" }]],
      [9, [{ code: "duplicate_in_file", field: "mobile", otherLine: 2 }]],
      [10, [{ code: "duplicate_in_file", field: "email", otherLine: 3 }]],
      [11, [{ code: "too_long", field: "employer", max: 200 }]],
    ]);
    expect(dry.plan.ok).toBe(false);
    const before = await footprint(d);
    const refused = await commitImport(d, staff, center, {
      file: fixture("trainees-errors.csv"),
      cohortId,
      appUrl: APP_URL,
    });
    expect(refused).toMatchObject({ ok: false, plan: { ok: false, counts: { rowsWithErrors: 7 } } });
    expect(await footprint(d)).toEqual(before);
  });

  test("files that are not lists of trainees are refused with what is wrong", async () => {
    const { d, center, staff } = await centerWithStaff();
    const check = (file: ImportFile) => dryRunImport(d, staff, center, { file, cohortId: null });
    expect(await check(fixture("no-header.csv"))).toMatchObject({
      ok: false,
      failure: { code: "no_header", missing: ["name", "contact"] },
    });
    expect(await check(csvFile("姓名,单位\n王建国,中北大学\n"))).toMatchObject({
      ok: false,
      failure: { code: "no_header", missing: ["contact"] },
    });
    expect(await check(fixture("not-a-spreadsheet.xlsx"))).toMatchObject({
      ok: false,
      failure: { code: "wrong_type" },
    });
    expect(await check(csvFile(""))).toMatchObject({ ok: false, failure: { code: "empty" } });
    expect(await check({ fileName: "big.csv", bytes: new Uint8Array(MAX_TABLE_BYTES + 1).fill(0x41) })).toMatchObject({
      ok: false,
      failure: { code: "too_large" },
    });
    const headerOnly = await check(csvFile("姓名,手机号\n"));
    expect(headerOnly).toMatchObject({ ok: true, plan: { ok: false, problems: [{ code: "no_rows" }] } });
  });

  test("existing accounts: linked by mobile or e-mail, a trainee of another center refused, a different name refused masked", async () => {
    const { d, region, center, staff } = await centerWithStaff();
    const elsewhere = await makeOrganization(d, region.id);
    const signedUp = await makeUser(d, { role: "trainee", phone: "13700000001" });
    const otherCenters = await makeUser(d, {
      role: "trainee",
      organizationId: elsewhere.id,
      email: "other@example.cn",
    });
    const stranger = await makeUser(d, { email: "stranger@example.cn" });
    const file = csvFile(
      [
        "姓名,手机号,邮箱",
        `${signedUp.name},13700000001,`,
        `${otherCenters.name},,other@example.cn`,
        `王建国,,stranger@example.cn`,
      ].join("\n"),
    );
    const dry = await dryRunImport(d, staff, center, { file, cohortId: null });
    if (!dry.ok) throw new Error(dry.failure.code);
    const masked = `${[...stranger.name][0]}${"*".repeat([...stranger.name].length - 2)}${[...stranger.name].at(-1)}`;
    expect(dry.plan.rows.map((r) => [r.line, r.action?.kind ?? null, r.errors])).toEqual([
      [2, "link", []],
      [3, null, [{ code: "other_center" }]],
      [4, null, [{ code: "name_mismatch", field: "email", storedName: masked }]],
    ]);

    // Without the refused rows, the person who signed up without a center becomes this center's trainee.
    const fixed = csvFile(`姓名,手机号\n${signedUp.name},13700000001\n`);
    expect(await commitImport(d, staff, center, { file: fixed, cohortId: null, appUrl: APP_URL })).toMatchObject({
      ok: true,
      summary: { linked: 1, created: 0, invitations: 0 },
    });
    const roles = await d
      .select({ centerId: memberships.organizationId })
      .from(memberships)
      .where(eq(memberships.userId, signedUp.id));
    expect(roles).toEqual([{ centerId: center.id }]);
    // The other center's trainee stays where they are.
    expect(
      await d
        .select({ centerId: memberships.organizationId })
        .from(memberships)
        .where(eq(memberships.userId, otherCenters.id)),
    ).toEqual([{ centerId: elsewhere.id }]);
  });

  test("the cohort's capacity holds: a file that would overfill it is refused whole", async () => {
    const { d, center, staff, cohortId } = await centerWithStaff(3);
    const dry = await dryRunImport(d, staff, center, { file: fixture("trainees-utf8-bom.csv"), cohortId });
    expect(dry).toMatchObject({
      ok: true,
      plan: { ok: false, problems: [{ code: "cohort_full", capacity: 3, members: 0, adding: 5 }] },
    });
    const before = await footprint(d);
    expect(
      await commitImport(d, staff, center, { file: fixture("trainees-utf8-bom.csv"), cohortId, appUrl: APP_URL }),
    ).toMatchObject({ ok: false });
    expect(await footprint(d)).toEqual(before);
  });

  test("checked again inside the transaction: a person taken by another center since the dry run stops the whole import", async () => {
    const { d, region, center, staff, cohortId } = await centerWithStaff();
    const dry = await dryRunImport(d, staff, center, { file: fixture("trainees-utf8-bom.csv"), cohortId });
    expect(dry).toMatchObject({ ok: true, plan: { ok: true } });
    const elsewhere = await makeOrganization(d, region.id);
    await makeUser(d, { role: "trainee", organizationId: elsewhere.id, email: "chenjing@example.org" });
    const before = await footprint(d);
    const refused = await commitImport(d, staff, center, {
      file: fixture("trainees-utf8-bom.csv"),
      cohortId,
      appUrl: APP_URL,
    });
    if (refused.ok || !("plan" in refused)) throw new Error("expected the rows back");
    expect(refused.plan.rows.find((r) => r.values.email === "chenjing@example.org")!.errors).toContainEqual({
      code: "other_center",
    });
    expect(await footprint(d)).toEqual(before);
  });

  test("a failure while writing the last rows undoes the whole import", async () => {
    const { d, center, staff, cohortId } = await centerWithStaff();
    // The database refuses the invitation to one address half-way through the commit.
    await d.execute(sql`create or replace function refuse_one_mail() returns trigger language plpgsql as $$
      begin
        if new."to" = 'zhangwei@example.com' then raise exception 'mail server rule' using errcode = 'P0001'; end if;
        return new;
      end $$`);
    await d.execute(
      sql`create trigger refuse_one_mail before insert on email_outbox for each row execute function refuse_one_mail()`,
    );
    try {
      const before = await footprint(d);
      await expect(
        commitImport(d, staff, center, { file: fixture("trainees-utf8-bom.csv"), cohortId, appUrl: APP_URL }),
      ).rejects.toThrow();
      expect(await footprint(d)).toEqual(before);
      expect(await d.select().from(users).where(inArray(users.email, FIXTURE_EMAILS))).toEqual([]);
    } finally {
      await d.execute(sql`drop trigger refuse_one_mail on email_outbox`);
    }
  });

  test("only the center's own staff may import: another center's staff and the region admin are refused", async () => {
    const { d, region, center, cohortId } = await centerWithStaff();
    const other = await makeOrganization(d, region.id);
    const otherStaff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    const regionAdmin = await actorFor(d, (await makeUser(d, { role: "region_admin", regionId: region.id })).id);
    for (const actor of [otherStaff, regionAdmin]) {
      await expect(
        dryRunImport(d, actor, center, { file: fixture("trainees-utf8-bom.csv"), cohortId }),
      ).rejects.toMatchObject({ status: 403 });
      await expect(
        commitImport(d, actor, center, { file: fixture("trainees-utf8-bom.csv"), cohortId, appUrl: APP_URL }),
      ).rejects.toMatchObject({ status: 403 });
    }
    // Another center's cohort is not found from here.
    const { cohortId: foreignCohort } = await centerWithStaff();
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    await expect(
      dryRunImport(d, staff, center, { file: fixture("trainees-utf8-bom.csv"), cohortId: foreignCohort }),
    ).rejects.toMatchObject({ status: 404 });
  });

  test("5,000 rows are checked and committed in one go", async () => {
    const { d, center, staff, cohortId } = await centerWithStaff(1000);
    const lines = ["姓名,手机号,邮箱,工作单位"];
    for (let i = 0; i < 5000; i++)
      lines.push(`学员${i},1${String(3000000000 + i).padStart(10, "0")},bulk${i}@example.cn,单位${i % 50}`);
    const file = csvFile(lines.join("\n"));
    const started = performance.now();
    const dry = await dryRunImport(d, staff, center, { file, cohortId: null });
    expect(dry).toMatchObject({ ok: true, plan: { ok: true, counts: { create: 5000 } } });
    const done = await commitImport(d, staff, center, { file, cohortId: null, appUrl: APP_URL });
    expect(done).toMatchObject({ ok: true, summary: { created: 5000, invitations: 5000 } });
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(20);
    // The cohort's capacity of 1,000 refuses the same 5,000 people.
    expect(await dryRunImport(d, staff, center, { file, cohortId })).toMatchObject({
      ok: true,
      plan: { problems: [{ code: "cohort_full" }] },
    });
  }, 60_000);
});
