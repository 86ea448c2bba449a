import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import {
  certificates,
  cohortMembers,
  cohorts,
  courses,
  enrolments,
  examAttempts,
  lessonProgress,
  lessons,
  traineeProfiles,
} from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { issueCertificate } from "~/modules/certificates/index.server";
import { certificateStatus } from "~/modules/certificates";
import { db } from "~/utils/db.server";
import { centerDashboard, regionDashboard } from "./dashboards.server";
import { liveFacts, totalsByLevel } from "./facts.server";
import { parseTraineeFilters } from "./params";
import { platformStatistics } from "./platform.server";
import { refreshStatistics } from "./summary.server";
import { traineeRows } from "./trainee-table.server";

beforeAll(() => syncFixtureContent());

const filters = (query = "") => parseTraineeFilters(`http://x/?${query}`);

/** Studies the fixture's junior course "law" (two lessons): some completed, time split between them. */
async function study(userId: string, completedLessons: number, seconds: number) {
  const d = await db();
  const junior = await d
    .select({ id: lessons.id, courseId: lessons.courseId })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(eq(courses.slug, "law"))
    .orderBy(lessons.position);
  await d.insert(enrolments).values({ userId, courseId: junior[0]!.courseId }).onConflictDoNothing();
  for (const [i, lesson] of junior.entries())
    await d.insert(lessonProgress).values({
      userId,
      lessonId: lesson.id,
      secondsSpent: Math.round(seconds / 2),
      completedAt: i < completedLessons ? new Date() : null,
    });
}

async function attempt(userId: string, scoreTenths: number, passed: boolean, at = new Date("2024-06-20T02:00:00Z")) {
  const d = await db();
  await d.insert(examAttempts).values({
    userId,
    levelSlug: "junior",
    status: "submitted",
    startedAt: at,
    deadlineAt: new Date(at.getTime() + 3600_000),
    closedAt: at,
    items: [],
    maxTenths: 1000,
    scoreTenths,
    passed,
    gradedAt: at,
  });
}

/**
 * A center with a closed junior cohort of four — one who studied nothing, one halfway, two finished; three
 * sat, two passed (one on a retake), one certified — and an open cohort of one.
 */
async function centerWithHistory() {
  const d = await db();
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  const people = [];
  for (let i = 0; i < 5; i++) people.push(await makeUser(d, { role: "trainee", organizationId: center.id }));
  const [closed] = await d
    .insert(cohorts)
    .values({
      centerId: center.id,
      levelSlug: "junior",
      name: "2024年第1期初级班",
      startsOn: "2024-03-04",
      endsOn: "2024-06-01",
      capacity: 30,
      closedAt: new Date("2024-06-08T09:00:00Z"),
    })
    .returning();
  const [open] = await d
    .insert(cohorts)
    .values({
      centerId: center.id,
      levelSlug: "junior",
      name: "2026年第1期初级班",
      startsOn: "2026-09-01",
      endsOn: "2026-12-20",
      capacity: 40,
    })
    .returning();
  await d.insert(cohortMembers).values(people.slice(0, 4).map((p) => ({ cohortId: closed!.id, userId: p.id })));
  await d.insert(cohortMembers).values({ cohortId: open!.id, userId: people[4]!.id });
  await study(people[1]!.id, 1, 900);
  await study(people[2]!.id, 2, 3600);
  await study(people[3]!.id, 2, 5400);
  await study(people[4]!.id, 1, 600);
  await attempt(people[1]!.id, 400, false);
  await attempt(people[2]!.id, 550, false, new Date("2024-06-12T02:00:00Z"));
  await attempt(people[2]!.id, 720, true);
  await attempt(people[3]!.id, 910, true);
  await issueCertificate(d, {
    userId: people[3]!.id,
    levelSlug: "junior",
    centerId: center.id,
    issuedAt: new Date("2024-07-01T02:00:00Z"),
    issuedBy: null,
  });
  return {
    d,
    region,
    center: { id: center.id, regionId: region.id },
    staff: await actorFor(d, staff.id),
    people,
    closed: closed!,
    open: open!,
  };
}

describe("center dashboard", () => {
  test("per cohort: enrolment, progress bands, mean hours, pass rate by best attempt per person, certificates", async () => {
    const { d, center, staff } = await centerWithHistory();
    const dashboard = await centerDashboard(d, staff, center, filters());
    const closed = dashboard.cohorts.find((c) => c.name === "2024年第1期初级班")!;
    expect(closed).toMatchObject({ members: 4, capacity: 30, progress: [1, 0, 1, 2], sat: 3, passed: 2, certified: 1 });
    // (0 + 900 + 3600 + 5400) s over four members = 0.6875 h
    expect(closed.meanHours).toBe(0.7);
    const open = dashboard.cohorts.find((c) => c.name === "2026年第1期初级班")!;
    expect(open).toMatchObject({ members: 1, progress: [0, 0, 1, 0], sat: 0, closedAt: null });
    // Trained = members of the closed cohort only; certified = the one certificate, in 2024.
    expect(dashboard.totals.total).toMatchObject({ trained: 4, certified: 1, sat: 3, passed: 2 });
    expect(dashboard.years).toEqual([
      expect.objectContaining({
        year: 2024,
        total: expect.objectContaining({ trained: 4, certified: 1, sat: 3, passed: 2 }),
      }),
    ]);
  });

  test("the trainee table filters, sorts on whitelisted keys and pages in SQL", async () => {
    const { d, center, staff, people, closed } = await centerWithHistory();
    const all = await centerDashboard(d, staff, center, filters());
    expect(all.trainees.total).toBe(5);
    const byScore = await traineeRows(d, center.id, filters("sort=score&dir=desc"), { limit: 2, offset: 0 });
    expect(byScore.total).toBe(5);
    expect(byScore.rows.map((r) => [r.userId, r.bestScore, r.examStatus, r.certStatus])).toEqual([
      [people[3]!.id, 91, "passed", "valid"],
      [people[2]!.id, 72, "passed", "none"],
    ]);
    const failed = await traineeRows(d, center.id, filters("exam=failed"), { limit: 50, offset: 0 });
    expect(failed.rows.map((r) => r.userId)).toEqual([people[1]!.id]);
    const inOpen = await traineeRows(d, center.id, filters(`cohort=${closed.id}&sort=progress&dir=asc`), {
      limit: 50,
      offset: 0,
    });
    expect(inOpen.rows.map((r) => r.progress)).toEqual([0, 50, 100, 100]);
    expect(inOpen.rows.every((r) => r.cohorts === "2024年第1期初级班")).toBe(true);
    // A sort key that is not whitelisted falls back to the name; a typed % matches literally.
    expect(filters("sort=password_hash;drop").sort).toBe("name");
    await d.insert(traineeProfiles).values({ userId: people[0]!.id, employer: "100%科技" });
    expect(
      (await traineeRows(d, center.id, filters("q=100%25"), { limit: 50, offset: 0 })).rows.map((r) => r.userId),
    ).toEqual([people[0]!.id]);
    expect(
      (await traineeRows(d, center.id, filters("q=%25"), { limit: 50, offset: 0 })).rows.map((r) => r.userId),
    ).toEqual([people[0]!.id]);
    // Pages: a page past the end shows the first.
    const page = await centerDashboard(d, staff, center, filters("page=99"));
    expect(page.trainees.page).toBe(1);
    expect(page.trainees.rows.length).toBe(5);
  });

  test("the table as it opens (by name, page by page) shows each person's figures as the whole table does", async () => {
    const { d, center } = await centerWithHistory();
    // Sorted by hours, every row's figures are worked out before the page is cut; by name, only the page's.
    const whole = await traineeRows(d, center.id, filters("sort=hours"), { limit: 50, offset: 0 });
    const byKey = new Map(whole.rows.map((r) => [`${r.userId}/${r.levelSlug}`, r]));
    for (const dir of ["asc", "desc"]) {
      const pages = [];
      for (let offset = 0; offset < whole.total + 2; offset += 2) {
        const page = await traineeRows(d, center.id, filters(`sort=name&dir=${dir}`), { limit: 2, offset });
        if (page.rows.length) expect(page.total).toBe(whole.total);
        pages.push(...page.rows);
      }
      expect(pages).toHaveLength(whole.total);
      for (const row of pages) expect(row).toEqual(byKey.get(`${row.userId}/${row.levelSlug}`));
      const names = pages.map((r) => r.name);
      expect(names).toEqual([...names].sort((a, b) => (dir === "asc" ? 1 : -1) * (a < b ? -1 : a > b ? 1 : 0)));
    }
  });

  test("certificate status in the table is the one certificateStatus() gives", async () => {
    const { d, center, people } = await centerWithHistory();
    const [cert] = await d.select().from(certificates).where(eq(certificates.userId, people[3]!.id));
    for (const now of [new Date("2025-01-01T00:00:00Z"), new Date("2027-08-01T00:00:00Z")]) {
      const { rows } = await traineeRows(d, center.id, filters(), { limit: 50, offset: 0, now });
      expect(rows.find((r) => r.userId === people[3]!.id)?.certStatus).toBe(certificateStatus(cert!, now));
    }
    await d
      .update(certificates)
      .set({ revokedAt: new Date(), revokedReason: "测试" })
      .where(eq(certificates.id, cert!.id));
    const { rows } = await traineeRows(d, center.id, filters("cert=revoked"), { limit: 50, offset: 0 });
    expect(rows.map((r) => r.userId)).toEqual([people[3]!.id]);
    // A revoked certificate is not counted as certified.
    expect(totalsByLevel(await liveFacts(d, { centerId: center.id }), ["junior"]).total.certified).toBe(0);
  });

  test("another center's staff, and a region admin of another region, are refused", async () => {
    const { d, center } = await centerWithHistory();
    const other = await makeOrganization(d, (await makeRegion(d)).id);
    const outsider = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    await expect(centerDashboard(d, outsider, center, filters())).rejects.toMatchObject({ status: 403 });
    const otherRegionAdmin = await actorFor(
      d,
      (await makeUser(d, { role: "region_admin", regionId: other.regionId! })).id,
    );
    await expect(centerDashboard(d, otherRegionAdmin, center, filters())).rejects.toMatchObject({ status: 403 });
    await expect(regionDashboard(d, otherRegionAdmin, center.regionId, {})).rejects.toMatchObject({ status: 403 });
  });
});

describe("region and platform", () => {
  test("a region shows the same figures per center; the platform summary agrees and is scoped to the viewer", async () => {
    const { d, region, center } = await centerWithHistory();
    const admin = await actorFor(d, (await makeUser(d, { role: "region_admin", regionId: region.id })).id);
    const dashboard = await regionDashboard(d, admin, region.id, {});
    expect(dashboard.centers.find((c) => c.centerId === center.id)).toMatchObject({
      cohorts: 2,
      openCohorts: 1,
      seats: 5,
      capacity: 70,
      people: 5,
      sat: 3,
      passed: 2,
      certified: 1,
      record: { trained: 4 },
    });

    // Another region's activity is invisible to this region's admin on the national page.
    const elsewhere = await centerWithHistory();
    await refreshStatistics(d);
    const mine = await platformStatistics(d, admin, {});
    expect(mine.byCenterLevel.map((r) => r.centerId)).toEqual([center.id]);
    expect(mine.byYearLevel.reduce((n, r) => n + r.trained, 0)).toBe(4);
    const platformAdmin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
    const everything = await platformStatistics(d, platformAdmin, {});
    expect(everything.byCenterLevel.map((r) => r.centerId)).toEqual(
      expect.arrayContaining([center.id, elsewhere.center.id]),
    );
    // Asking for another region's center by filter still stays within the viewer's scope.
    expect((await platformStatistics(d, admin, { center: elsewhere.center.id })).byCenterLevel).toEqual([]);
    const trainee = await actorFor(d, elsewhere.people[0]!.id);
    await expect(platformStatistics(d, trainee, {})).rejects.toMatchObject({ status: 403 });
  });

  test("the summary is rebuilt when it is stale, and reads the same as the live figures", async () => {
    const { d, center } = await centerWithHistory();
    const platformAdmin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
    await refreshStatistics(d, { now: new Date(Date.now() - 10 * 60_000) });
    // Stale: the next read rebuilds it and includes this center.
    const stats = await platformStatistics(d, platformAdmin, { center: center.id });
    expect(Date.now() - stats.refreshedAt.getTime()).toBeLessThan(60_000);
    const live = totalsByLevel(await liveFacts(d, { centerId: center.id }), ["junior", "intermediate"]).total;
    const summed = stats.byYearLevel.reduce(
      (t, r) => ({
        trained: t.trained + r.trained,
        certified: t.certified + r.certified,
        sat: t.sat + r.sat,
        passed: t.passed + r.passed,
      }),
      { trained: 0, certified: 0, sat: 0, passed: 0 },
    );
    expect(summed).toEqual({ trained: live.trained, certified: live.certified, sat: live.sat, passed: live.passed });
  });
});
