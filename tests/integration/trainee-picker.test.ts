import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { cohortMembers, cohorts, users } from "#db/schema";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import { matchingTraineeIds, pickTrainees } from "~/modules/cohorts/index.server";
import * as cohortRoute from "~/routes/manage.organizations.$orgId.cohorts.$cohortId";
import * as sessionsRoute from "~/routes/manage.organizations.$orgId.exam-sessions";
import { db } from "~/utils/db.server";

beforeAll(() => syncFixtureContent());

const BASE = "http://localhost:3000";

let worlds = 0;

/** A center with three 王芳 (told apart by mobile and e-mail), a 王娟, and 25 others; a cohort of two. */
async function world() {
  const d = await db();
  const k = worlds++;
  const center = await makeOrganization(d, (await makeRegion(d)).id);
  const other = await makeOrganization(d, (await makeRegion(d)).id);
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  const named = async (name: string, options: { phone?: string; email?: string; organizationId?: string } = {}) => {
    const user = await makeUser(d, {
      role: "trainee",
      organizationId: options.organizationId ?? center.id,
      phone: options.phone,
      email: options.email,
    });
    await d.update(users).set({ name }).where(eq(users.id, user.id));
    return user;
  };
  const wang1 = await named("王芳", { phone: `138123${k}0001` });
  const wang2 = await named("王芳", { phone: `139123${k}0002` });
  const wang3 = await named("王芳", { email: `wangfang3-${k}@example.cn` });
  const juan = await named("王娟", { phone: `137123${k}0004` });
  for (let i = 0; i < 25; i++) await named(`学员${String(i).padStart(2, "0")}`);
  await named("王芳", { phone: `136123${k}0009`, organizationId: other.id });
  const [cohort] = await d
    .insert(cohorts)
    .values({
      centerId: center.id,
      levelSlug: "junior",
      name: "2026年第3期初级班",
      startsOn: "2026-09-01",
      endsOn: "2026-12-20",
      capacity: 40,
    })
    .returning();
  await d.insert(cohortMembers).values([wang1, juan].map((p) => ({ cohortId: cohort!.id, userId: p.id })));
  const cookie = `tma_session=${(await createSession(d, staff.id)).token}`;
  return { d, center, staff, cohort: cohort!, wang1, wang2, wang3, juan, cookie };
}

describe("the trainee picker", () => {
  test("searches by name, mobile or e-mail within the center; masks mobiles; pages by 20; filters by cohort and level", async () => {
    const { d, center, cohort, wang1, wang2, wang3 } = await world();
    const wangs = await pickTrainees(d, center.id, { q: "王芳", page: 1 });
    // Another center's 王芳 is not listed; the three here are told apart by masked mobile or e-mail.
    expect(wangs.total).toBe(3);
    expect(wangs.rows.map((r) => r.mobile ?? r.email).sort()).toEqual([
      "138****0001",
      "139****0002",
      "wangfang3-0@example.cn",
    ]);
    expect(wangs.rows.find((r) => r.id === wang1.id)?.cohorts).toBe("2026年第3期初级班");
    expect((await pickTrainees(d, center.id, { q: "1391230", page: 1 })).rows.map((r) => r.id)).toEqual([wang2.id]);
    expect((await pickTrainees(d, center.id, { q: "WANGFANG3-0", page: 1 })).rows.map((r) => r.id)).toEqual([wang3.id]);
    expect((await pickTrainees(d, center.id, { q: "%", page: 1 })).total).toBe(0);

    const all = await pickTrainees(d, center.id, { page: 1 });
    expect(all.total).toBe(29);
    expect(all.rows).toHaveLength(20);
    expect((await pickTrainees(d, center.id, { page: 2 })).rows).toHaveLength(9);
    expect((await pickTrainees(d, center.id, { cohortId: cohort.id, page: 1 })).total).toBe(2);
    expect((await pickTrainees(d, center.id, { level: "junior", page: 1 })).total).toBe(2);
    expect((await pickTrainees(d, center.id, { q: "王", page: 1 }, { notInCohort: cohort.id })).total).toBe(2);
    expect(await matchingTraineeIds(d, center.id, { q: "王" })).toHaveLength(4);
    // A page past the last still says how many match, so the page can offer the way back.
    expect(await pickTrainees(d, center.id, { q: "王", page: 3 })).toMatchObject({ rows: [], total: 4 });
    // Latin letters match whatever their case; a search without letters that have a case matches as typed.
    await d.update(users).set({ name: "Li Wei" }).where(eq(users.id, wang3.id));
    expect((await pickTrainees(d, center.id, { q: "li WEI", page: 1 })).rows.map((r) => r.id)).toEqual([wang3.id]);
    expect((await pickTrainees(d, center.id, { q: "学员0", page: 1 })).total).toBe(10);
  });

  test("staff schedule an exam session for all trainees matching a search", async () => {
    const { center, cookie } = await world();
    const body = new URLSearchParams({
      intent: "schedule",
      name: "王姓学员补考",
      levelSlug: "junior",
      opensAt: "2026-12-20T09:00",
      closesAt: "2026-12-20T11:00",
      location: "",
      p_all: "on",
      p_q: "王芳",
      p_cohort: "",
      p_level: "",
    });
    const request = new Request(`${BASE}/manage/organizations/${center.id}/exam-sessions`, {
      method: "POST",
      headers: { Cookie: cookie },
      body,
    });
    const answer = (await sessionsRoute.action({
      request,
      params: { orgId: center.id },
      context: {} as never,
    })) as unknown as { data?: { scheduled?: boolean } };
    expect(answer.data?.scheduled ?? (answer as { scheduled?: boolean }).scheduled).toBe(true);
    const loaded = await sessionsRoute.loader({
      request: new Request(`${BASE}/manage/organizations/${center.id}/exam-sessions?p_q=%E7%8E%8B%E8%8A%B3`, {
        headers: { Cookie: cookie },
      }),
      params: { orgId: center.id },
      context: {} as never,
    });
    expect(loaded.picker.result.total).toBe(3);
    const session = loaded.sessions.find((s) => s.name === "王姓学员补考");
    expect(session?.names).toHaveLength(3);
  });

  test("staff add every matching trainee not yet in the cohort", async () => {
    const { d, center, cohort, cookie } = await world();
    const body = new URLSearchParams({ intent: "add", p_all: "on", p_q: "王", p_cohort: "", p_level: "" });
    const request = new Request(`${BASE}/manage/organizations/${center.id}/cohorts/${cohort.id}`, {
      method: "POST",
      headers: { Cookie: cookie },
      body,
    });
    await cohortRoute.action({ request, params: { orgId: center.id, cohortId: cohort.id }, context: {} as never });
    expect(await d.select().from(cohortMembers).where(eq(cohortMembers.cohortId, cohort.id))).toHaveLength(4);
  });
});
