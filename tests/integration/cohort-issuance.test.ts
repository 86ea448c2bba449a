import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { certificates, cohortMembers, cohorts, examAttempts, users } from "#db/schema";
import { finishFixtureJuniorStudy, syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import * as cohortRoute from "~/routes/manage.organizations.$orgId.cohorts.$cohortId";
import { db } from "~/utils/db.server";

beforeAll(() => syncFixtureContent());

const BASE = "http://localhost:3000";

const passedJuniorExam = (userId: string) => ({
  userId,
  levelSlug: "junior",
  status: "submitted" as const,
  startedAt: new Date(),
  deadlineAt: new Date(),
  closedAt: new Date(),
  items: [],
  maxTenths: 100,
  scoreTenths: 90,
  passed: true,
  gradedAt: new Date(),
});

/**
 * A junior cohort of 23: two 王芳 who met every requirement (told apart by mobile), a 王娟 who has not
 * studied, and 20 others; and, outside the cohort, a third certified-ready 王芳 of the same center.
 */
async function world() {
  const d = await db();
  const center = await makeOrganization(d, (await makeRegion(d)).id);
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  const trainee = async (name: string, ready = false) => {
    const user = await makeUser(d, { role: "trainee", organizationId: center.id });
    await d.update(users).set({ name }).where(eq(users.id, user.id));
    if (ready) {
      await finishFixtureJuniorStudy(user.id, new Date());
      await d.insert(examAttempts).values(passedJuniorExam(user.id));
    }
    return user;
  };
  const fang1 = await trainee("王芳", true);
  const fang2 = await trainee("王芳", true);
  const juan = await trainee("王娟");
  const others = [];
  for (let i = 0; i < 20; i++) others.push(await trainee(`学员${String(i).padStart(2, "0")}`));
  const outsider = await trainee("王芳", true);
  const [cohort] = await d
    .insert(cohorts)
    .values({
      centerId: center.id,
      levelSlug: "junior",
      name: "2026年第4期初级班",
      startsOn: "2026-09-01",
      endsOn: "2026-12-20",
      capacity: 40,
    })
    .returning();
  await d
    .insert(cohortMembers)
    .values([fang1, fang2, juan, ...others].map((p) => ({ cohortId: cohort!.id, userId: p.id })));
  const cookie = `tma_session=${(await createSession(d, staff.id)).token}`;
  const params = { orgId: center.id, cohortId: cohort!.id };
  const path = `/manage/organizations/${center.id}/cohorts/${cohort!.id}`;
  const load = (query = "") =>
    cohortRoute.loader({
      request: new Request(`${BASE}${path}${query}`, { headers: { Cookie: cookie } }),
      params,
      context: {} as never,
    });
  const post = async (fields: [string, string][], asCookie = cookie) => {
    const answer = (await cohortRoute.action({
      request: new Request(`${BASE}${path}`, {
        method: "POST",
        headers: { Cookie: asCookie },
        body: new URLSearchParams([["intent", "issue_certificates"], ...fields]),
      }),
      params,
      context: {} as never,
    })) as unknown as {
      data: { issued?: { userId: string; outcome: string; missing: string[] }[]; result?: { error?: unknown } };
      init?: { status?: number };
    };
    return { status: answer.init?.status ?? 200, ...answer.data };
  };
  const certified = async () =>
    (
      await d
        .select({ userId: certificates.userId })
        .from(certificates)
        .where(
          and(
            inArray(certificates.userId, [fang1.id, fang2.id, juan.id, outsider.id]),
            eq(certificates.levelSlug, "junior"),
          ),
        )
    ).map((c) => c.userId);
  return { d, center, cohort: cohort!, fang1, fang2, juan, outsider, load, post, certified };
}

describe("issuing a cohort's certificates through the picker", () => {
  test("the issuing picker lists only the cohort's members, pages by 20 and searches apart from the adding picker", async () => {
    const w = await world();
    const all = await w.load();
    expect(all.issuePicker?.result.total).toBe(23);
    expect(all.issuePicker?.result.rows).toHaveLength(20);
    // Each picker keeps its own search in the address: i_q narrows the issuing one only.
    const wangs = await w.load(`?i_q=${encodeURIComponent("王")}&p_q=${encodeURIComponent("王芳")}`);
    expect(wangs.issuePicker?.result.rows.map((r) => r.id).sort()).toEqual([w.fang1.id, w.fang2.id, w.juan.id].sort());
    // The adding picker finds the one 王芳 not yet in the cohort.
    expect(wangs.picker.result.rows.map((r) => r.id)).toEqual([w.outsider.id]);
    expect((await w.load(`?i_page=2`)).issuePicker?.result.rows).toHaveLength(3);
  });

  test("all members matching a search: the ready are issued, the others told what is missing, the rest untouched", async () => {
    const w = await world();
    const answer = await w.post([
      ["i_all", "on"],
      ["i_q", "王"],
      ["i_cohort", ""],
      ["i_level", ""],
    ]);
    expect(answer.status).toBe(200);
    const byUser = new Map(answer.issued!.map((r) => [r.userId, r]));
    expect(byUser.size).toBe(3);
    expect(byUser.get(w.fang1.id)?.outcome).toBe("issued");
    expect(byUser.get(w.fang2.id)?.outcome).toBe("issued");
    expect(byUser.get(w.juan.id)).toMatchObject({ outcome: "not_eligible", missing: ["courses", "hours", "exam"] });
    // The 王芳 outside the cohort met the rules too, but was not among the cohort's members to choose.
    expect((await w.certified()).sort()).toEqual([w.fang1.id, w.fang2.id].sort());

    // Again: holders are reported, nobody is issued twice.
    const again = await w.post([
      ["i_all", "on"],
      ["i_q", "王芳"],
    ]);
    expect(again.issued!.map((r) => r.outcome)).toEqual(["already_held", "already_held"]);
    expect(await w.certified()).toHaveLength(2);
  });

  test("only the ticked members are issued", async () => {
    const w = await world();
    const answer = await w.post([["userIds", w.fang2.id]]);
    expect(answer.issued).toMatchObject([{ userId: w.fang2.id, outcome: "issued" }]);
    expect(await w.certified()).toEqual([w.fang2.id]);
  });

  test("nobody chosen, or someone outside the cohort chosen: a clear message and nothing issued", async () => {
    const w = await world();
    const none = await w.post([]);
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.result)).toContain("validation.cohort.noneSelected");
    const nothingMatches = await w.post([
      ["i_all", "on"],
      ["i_q", "不存在的人"],
    ]);
    expect(nothingMatches.status).toBe(400);

    const mixed = await w.post([
      ["userIds", w.fang1.id],
      ["userIds", w.outsider.id],
    ]);
    expect(mixed.status).toBe(400);
    expect(JSON.stringify(mixed.result)).toContain("validation.cohort.notMember");
    expect(mixed.issued).toBeUndefined();
    expect(await w.certified()).toEqual([]);

    const malformed = await w.post([["userIds", "not-a-uuid"]]);
    expect(malformed.status).toBe(400);
    expect(await w.certified()).toEqual([]);
  });

  test("staff of another center cannot issue to this cohort", async () => {
    const w = await world();
    const otherCenter = await makeOrganization(w.d, (await makeRegion(w.d)).id);
    const otherStaff = await makeUser(w.d, { role: "center_staff", organizationId: otherCenter.id });
    const otherCookie = `tma_session=${(await createSession(w.d, otherStaff.id)).token}`;
    await expect(w.post([["userIds", w.fang1.id]], otherCookie)).rejects.toMatchObject({ status: 403 });
    expect(await w.certified()).toEqual([]);
  });
});
