import { beforeAll, describe, expect, test } from "vitest";
import { classroomSessions, cohorts, examAttempts, examSessions, portfolioCases } from "#db/schema";
import { seededRandom } from "~/modules/content";
import { startAttempt, submitAttempt } from "~/modules/exams/index.server";
import { centerDashboard, regionDashboard } from "~/modules/statistics/index.server";
import { parseTraineeFilters } from "~/modules/statistics";
import { db } from "~/utils/db.server";
import { finishFixtureJuniorStudy, openFixtureSession, syncFixtureContent } from "../../tests/setup/content-fixture";
import { at, noneHeld, t0 } from "../../tests/setup/exam-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../tests/setup/factories";
import { staffHome, weekOf } from "./staff-home.server";

beforeAll(() => syncFixtureContent());

// Wednesday 3 June 2026, 09:00 in Shanghai: the week runs from Monday 1 June to Sunday 7 June.
const now = new Date("2026-06-03T01:00:00Z");

async function graded(userId: string, passed: boolean) {
  const d = await db();
  await d.insert(examAttempts).values({
    userId,
    levelSlug: "junior",
    status: "submitted",
    startedAt: t0,
    deadlineAt: at(60),
    closedAt: t0,
    items: [],
    maxTenths: 1000,
    scoreTenths: passed ? 800 : 300,
    passed,
    gradedAt: t0,
  });
}

describe("home page figures of staff, region and platform admins", () => {
  test("weeks run Monday to Monday in Shanghai", () => {
    expect(weekOf(now)).toEqual({
      from: new Date("2026-05-31T16:00:00Z"),
      to: new Date("2026-06-07T16:00:00Z"),
    });
    // Sunday 23:30 in Shanghai is still that week; Monday 00:00 is the next.
    expect(weekOf(new Date("2026-06-07T15:30:00Z")).from).toEqual(new Date("2026-05-31T16:00:00Z"));
    expect(weekOf(new Date("2026-06-07T16:00:00Z")).from).toEqual(new Date("2026-06-07T16:00:00Z"));
  });

  test("each sees their own places' figures (as their dashboards count them) and pending work, nothing of others", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const otherRegion = await makeRegion(d);
    const centerA = await makeOrganization(d, region.id);
    const centerB = await makeOrganization(d, region.id);
    const centerC = await makeOrganization(d, otherRegion.id);

    // Figures: at A two sat and one passed; at B one passed; at C one sat.
    for (const [center, passed] of [
      [centerA, true],
      [centerA, false],
      [centerB, true],
      [centerC, false],
    ] as const)
      await graded((await makeUser(d, { role: "trainee", organizationId: center.id })).id, passed);

    // Pending work at A: a sitting with two written answers to grade, and a portfolio case.
    const sitter = await makeUser(d, { role: "trainee", organizationId: centerA.id });
    await finishFixtureJuniorStudy(sitter.id, t0);
    await openFixtureSession([sitter.id], at(-60), at(24 * 60));
    const started = await startAttempt(d, sitter.id, "junior", { held: noneHeld, now: t0, random: seededRandom(5) });
    if (!started.ok) throw new Error("not started");
    await submitAttempt(d, sitter.id, started.attemptId, at(3));
    await d.insert(portfolioCases).values({
      userId: sitter.id,
      title: "某高校专利许可项目",
      contractType: "licence",
      amountFen: 50_000_000,
      role: "项目负责人",
      startedOn: "2025-01-01",
      description: "许可谈判与合同起草。",
    });

    // Sessions: an exam session at A this week, one at A next week, a cancelled one; a classroom session at B.
    const session = (centerId: string, name: string, opensAt: string, extra: { cancelledAt?: Date } = {}) => ({
      centerId,
      levelSlug: "junior",
      name,
      opensAt: new Date(opensAt),
      closesAt: new Date(new Date(opensAt).getTime() + 2 * 3600_000),
      ...extra,
    });
    await d
      .insert(examSessions)
      .values([
        session(centerA.id, "六月初级考试", "2026-06-05T01:00:00Z"),
        session(centerA.id, "下周考试", "2026-06-09T01:00:00Z"),
        session(centerA.id, "已取消考试", "2026-06-04T01:00:00Z", { cancelledAt: now }),
        session(centerC.id, "别处考试", "2026-06-04T01:00:00Z"),
      ]);
    const [cohort] = await d
      .insert(cohorts)
      .values({
        centerId: centerB.id,
        levelSlug: "junior",
        name: "2026年第2期初级班",
        startsOn: "2026-05-01",
        endsOn: "2026-07-01",
        capacity: 30,
      })
      .returning();
    await d.insert(classroomSessions).values({
      cohortId: cohort!.id,
      startsAt: new Date("2026-06-02T01:00:00Z"),
      endsAt: new Date("2026-06-02T04:00:00Z"),
      place: "太原市迎泽大街 1 号 302 室",
      lecturer: "王老师",
      creditMinutes: 180,
      topic: "技术分享会",
      checkInKey: new Uint8Array(32),
    });

    const staffA = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: centerA.id })).id);
    const regionAdmin = await actorFor(d, (await makeUser(d, { role: "region_admin", regionId: region.id })).id);
    const staffC = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: centerC.id })).id);
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);

    const home = await staffHome(d, staffA, now);
    expect(home.regions).toEqual([]);
    expect(home.platform).toBeNull();
    expect(home.centers).toHaveLength(1);
    const [a] = home.centers;
    const dashboard = await centerDashboard(
      d,
      staffA,
      { id: centerA.id, regionId: region.id },
      parseTraineeFilters("http://x/"),
    );
    expect(dashboard.totals.total).toMatchObject({ sat: 2, passed: 1 });
    expect(a).toMatchObject({
      id: centerA.id,
      figures: {
        trained: dashboard.totals.total.trained,
        certified: dashboard.totals.total.certified,
        sat: dashboard.totals.total.sat,
        passed: dashboard.totals.total.passed,
        passRate: 50,
      },
      grading: 2,
      cases: 1,
    });
    expect(a!.sessions.map((s) => [s.kind, s.title])).toEqual([["exam", "六月初级考试"]]);

    const regional = await staffHome(d, regionAdmin, now);
    expect(regional.centers).toEqual([]);
    expect(regional.regions).toHaveLength(1);
    const totals = (await regionDashboard(d, regionAdmin, region.id, {})).totals.total;
    expect(regional.regions[0]).toMatchObject({
      id: region.id,
      figures: { trained: totals.trained, certified: totals.certified, sat: 3, passed: 2, passRate: 66.7 },
      cases: [{ id: centerA.id, count: 1 }],
    });
    expect(regional.regions[0]!.sessions.map((s) => [s.kind, s.title, s.centerId])).toEqual([
      ["classroom", "2026年第2期初级班 · 技术分享会", centerB.id],
      ["exam", "六月初级考试", centerA.id],
    ]);

    // Another region's staff see their own center only: none of A's work or figures.
    const other = await staffHome(d, staffC, now);
    expect(other.centers.map((c) => [c.id, c.grading, c.cases, c.figures.sat])).toEqual([[centerC.id, 0, 0, 1]]);
    expect(other.centers[0]!.sessions.map((s) => s.title)).toEqual(["别处考试"]);

    const platform = await staffHome(d, admin, now);
    expect(platform.platform).toMatchObject({
      examSessions: expect.any(Number),
      classroomSessions: expect.any(Number),
    });
    expect(platform.platform!.examSessions).toBeGreaterThanOrEqual(2);
    expect(platform.platform!.figures.sat).toBeGreaterThanOrEqual(4);
  });
});
