import { beforeAll, describe, expect, test } from "vitest";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser, TEST_PASSWORD } from "../setup/factories";
import { recordAudit } from "~/modules/audit/index.server";
import { createSession, signIn } from "~/modules/auth/index.server";
import * as auditRoute from "~/routes/manage.audit";
import * as logoutRoute from "~/routes/logout";
import { db } from "~/utils/db.server";

beforeAll(() => syncFixtureContent());

const BASE = "http://localhost:3000";

async function world() {
  const d = await db();
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const other = await makeOrganization(d, region.id);
  const admin = await makeUser(d, { role: "platform_admin" });
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  const outsider = await makeUser(d, { role: "center_staff", organizationId: other.id });
  const { token } = await createSession(d, admin.id);
  const page = async (query: string) =>
    (await auditRoute.loader({
      request: new Request(`${BASE}/manage/audit?${query}`, { headers: { Cookie: `tma_session=${token}` } }),
      params: {},
      context: {} as never,
    })) as Awaited<ReturnType<typeof auditRoute.loader>>;
  return { d, center, other, admin, staff, outsider, page };
}

describe("the audit log", () => {
  test("sign-in, failed sign-in and sign-out are recorded", async () => {
    const { d, staff, page } = await world();
    expect((await signIn(d, { identifier: staff.email!, password: "wrong password", ip: "203.0.113.9" })).ok).toBe(
      false,
    );
    const ok = await signIn(d, { identifier: staff.email!, password: TEST_PASSWORD, ip: "203.0.113.9" });
    expect(ok.ok).toBe(true);
    const token = ok.ok ? ok.token : "";
    const response = await logoutRoute.action({
      request: new Request(`${BASE}/logout`, { method: "POST", headers: { Cookie: `tma_session=${token}` } }),
      params: {},
      context: {} as never,
    });
    expect(response.status).toBe(302);
    const byStaff = await page(`targetType=user&targetId=${staff.id}`);
    expect(byStaff.entries.map((e) => e.action)).toEqual(["auth.sign_out", "auth.sign_in", "auth.sign_in_failed"]);
    expect(byStaff.entries.find((e) => e.action === "auth.sign_in")).toMatchObject({
      actorName: staff.name,
      changes: [{ field: "ip", before: null, after: "203.0.113.9" }],
    });
    // A failed sign-in has no actor: nobody proved who they were.
    expect(byStaff.entries.find((e) => e.action === "auth.sign_in_failed")?.actorName).toBeNull();
  });

  test("filters by actor (e-mail or mobile), center, object and action; entries show what changed", async () => {
    const { d, center, other, admin, staff, outsider, page } = await world();
    await recordAudit(d, {
      actorId: staff.id,
      action: "exam.accommodation",
      targetType: "user",
      targetId: outsider.id,
      before: { extraMinutes: 0, extraAttempts: 0 },
      after: { extraMinutes: 30, extraAttempts: 0 },
    });
    await recordAudit(d, {
      actorId: outsider.id,
      action: "cohort.create",
      targetType: "cohort",
      targetId: other.id,
      after: { name: "2027年第1期初级班" },
    });
    await recordAudit(d, {
      actorId: admin.id,
      action: "organization.create",
      targetType: "organization",
      targetId: center.id,
      after: { nameZh: "测试基地" },
    });

    const byActor = await page(`actor=${encodeURIComponent(staff.email!.toUpperCase())}`);
    expect(byActor.entries.map((e) => e.action)).toEqual(["exam.accommodation"]);
    // Only the field that changed, not the whole record.
    expect(byActor.entries[0]!.changes).toEqual([{ field: "extraMinutes", before: "0", after: "30" }]);
    expect((await page("actor=nobody%40example.cn")).entries).toEqual([]);

    // A center: what its people did, and what was done to the center itself.
    const atCenter = await page(`center=${center.id}`);
    expect(atCenter.entries.map((e) => e.action).sort()).toEqual(["exam.accommodation", "organization.create"]);
    const atOther = await page(`center=${other.id}`);
    expect(atOther.entries.map((e) => e.action)).toContain("cohort.create");
    expect(atOther.entries.map((e) => e.action)).not.toContain("exam.accommodation");

    expect((await page(`targetType=cohort&targetId=${other.id}`)).entries.map((e) => e.action)).toEqual([
      "cohort.create",
    ]);
    expect((await page(`action=organization.create&center=${center.id}`)).entries).toHaveLength(1);
    expect((await page("")).targetTypes).toEqual(expect.arrayContaining(["cohort", "organization", "user"]));
  });
});
