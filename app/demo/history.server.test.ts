import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { actorFor } from "../../tests/setup/factories";
import { expectLevelsAgree } from "../../tests/setup/metrics-agreement";
import { certificateStatus } from "~/modules/certificates";
import {
  centerDashboard,
  liveFacts,
  platformStatistics,
  regionDashboard,
  totalsByLevel,
} from "~/modules/statistics/index.server";
import { parseTraineeFilters } from "~/modules/statistics";
import { db } from "~/utils/db.server";
import { certificates, cohorts, organizations, signingKeys, users } from "#db/schema";
import { seedDemo } from "./seed.server";
import { seedHistory } from "./history.server";

const LEVELS = ["junior", "intermediate", "senior"];

async function tableCounts() {
  const d = await db();
  const tables = [
    "users",
    "memberships",
    "cohorts",
    "cohort_members",
    "lesson_progress",
    "enrolments",
    "exam_attempts",
    "certificates",
    "prior_qualifications",
    "portfolio_cases",
    "case_defences",
    "trainee_transfers",
    "trainee_profiles",
    "statistics_facts",
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = await d.execute(sql.raw(`select count(*)::int as n from ${table}`));
    const rows = (Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows) as { n: number }[];
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

let firstRunMs = 0;
beforeAll(async () => {
  const { loadContent } = await import("~/modules/content/index.server");
  const { syncContent } = await import("~/modules/content/index.server");
  const d = await db();
  const { content } = await loadContent();
  await syncContent(d, content!);
  await seedDemo(d);
  const started = performance.now();
  expect(await seedHistory(d)).toEqual({ loaded: true });
  firstRunMs = performance.now() - started;
}, 120_000);

async function actorByEmail(email: string) {
  const d = await db();
  const [user] = await d.select({ id: users.id }).from(users).where(eq(users.email, email));
  return actorFor(d, user!.id);
}

async function taiyuan() {
  const d = await db();
  const [center] = await d.select().from(organizations).where(eq(organizations.nameZh, "太原技术转移促进中心"));
  return center!;
}

describe("the demo's history", () => {
  test("Taiyuan's record comes from the data: 496 trained since July 2020 — 208 junior, 169 intermediate, 119 senior", async () => {
    const d = await db();
    const center = await taiyuan();
    const { byLevel, total } = totalsByLevel(await liveFacts(d, { centerId: center.id }), LEVELS);
    expect(total.trained).toBe(496);
    expect(byLevel.map((l) => l.trained)).toEqual([208, 169, 119]);

    // The center's staff see the same on their dashboard, spread over the years since 2020.
    const staff = await actorByEmail("staff.taiyuan@demo.tm-academy.cn");
    const dashboard = await centerDashboard(
      d,
      staff,
      { id: center.id, regionId: center.regionId },
      parseTraineeFilters("http://x/"),
    );
    expect(dashboard.totals.total.trained).toBe(496);
    expect(dashboard.years.map((y) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(dashboard.years.every((y) => y.total.trained >= 20 && y.total.trained <= 120)).toBe(true);
    // Closed cohorts are history; the current cohorts (the demo's and this autumn's) are not counted yet.
    expect(dashboard.cohorts.filter((c) => c.closedAt).reduce((n, c) => n + c.members, 0)).toBe(496);
    expect(dashboard.cohorts.filter((c) => !c.closedAt).length).toBe(2);

    // The region admin and the platform admin read the same figures for Taiyuan.
    const region = await regionDashboard(d, await actorByEmail("region.sx@demo.tm-academy.cn"), center.regionId!, {});
    expect(region.centers.find((c) => c.centerId === center.id)?.record.trained).toBe(496);
    const platform = await platformStatistics(d, await actorByEmail("admin@demo.tm-academy.cn"), { center: center.id });
    const trained = (level: string) =>
      platform.byYearLevel.filter((r) => r.levelSlug === level).reduce((n, r) => n + r.trained, 0);
    expect(LEVELS.map(trained)).toEqual([208, 169, 119]);
  });

  test("exams, certificates and study look like a real center's: most pass in the end, early certificates have expired", async () => {
    const d = await db();
    const center = await taiyuan();
    // The closed cohorts are the history (the demo's own trainees may sit exams too).
    const staff = await actorByEmail("staff.taiyuan@demo.tm-academy.cn");
    const closed = (
      await centerDashboard(d, staff, { id: center.id, regionId: center.regionId }, parseTraineeFilters("http://x/"))
    ).cohorts.filter((c) => c.closedAt);
    const sum = (k: "sat" | "passed" | "certified") => closed.reduce((n, c) => n + c[k], 0);
    expect(sum("sat")).toBe(496);
    expect(sum("passed") / sum("sat")).toBeGreaterThanOrEqual(0.85);
    expect(sum("passed") / sum("sat")).toBeLessThanOrEqual(0.92);
    expect(sum("certified")).toBe(sum("passed"));
    // Every historical trainee studied the whole of the level's required courses.
    expect(closed.every((c) => c.progress[3] === c.members && c.meanHours > 5)).toBe(true);

    const issued = await d.select().from(certificates).where(eq(certificates.centerId, center.id));
    const now = new Date("2026-11-27T12:00:00+08:00");
    const statuses = issued.map((c) => certificateStatus(c, now));
    expect(statuses.filter((s) => s === "expired").length).toBeGreaterThan(50);
    expect(statuses.filter((s) => s === "valid").length).toBeGreaterThan(200);
    // Serials follow the dates of issue: the first is from 2020.
    expect(issued.map((c) => c.serial).sort()[0]).toMatch(/^TMA-2020-SX-J-00001$/);
    // Each was signed with a key that the published key set shows in use on its date of issue.
    const keys = await d.select().from(signingKeys);
    for (const c of issued) {
      const key = keys.find((k) => k.kid === c.kid)!;
      expect(key.activeFrom.getTime()).toBeLessThanOrEqual(c.issuedAt.getTime());
    }
  });

  test("the other regions show smaller activity since 2022", async () => {
    const d = await db();
    for (const name of [
      "北京技术经理人培训基地",
      "长三角技术转移人才培训基地",
      "合肥技术转移人才培训基地",
      "西安技术经理人培训基地",
    ]) {
      const [center] = await d.select().from(organizations).where(eq(organizations.nameZh, name));
      const facts = await liveFacts(d, { centerId: center!.id });
      const trained = facts.reduce((n, f) => n + f.trained, 0);
      expect(trained, name).toBeGreaterThanOrEqual(40);
      expect(trained, name).toBeLessThanOrEqual(120);
      expect(Math.min(...facts.filter((f) => f.trained).map((f) => f.year)), name).toBeGreaterThanOrEqual(2022);
    }
  });

  test("is fast and runs once: a second run finds its marker and changes nothing", async () => {
    const d = await db();
    // Generous for a shared 2-core machine; about 3 s of inserts and ~9 s of issuing ~780 certificates one by one.
    expect(firstRunMs).toBeLessThan(90_000);
    const before = await tableCounts();
    const started = performance.now();
    expect(await seedHistory(d)).toEqual({ loaded: false });
    expect(performance.now() - started).toBeLessThan(500);
    expect(await tableCounts()).toEqual(before);
    expect((await d.select().from(cohorts).where(eq(cohorts.name, "2020年第1期初级班"))).length).toBe(1);
  });
});

describe("one definition per metric on the demo data", () => {
  test("the Shanxi region's tiles are the sum of its centers' rows, which are what each center and the platform show", async () => {
    const center = await taiyuan();
    const tiles = await expectLevelsAgree(await db(), await actorByEmail("admin@demo.tm-academy.cn"), center.regionId!);
    expect(tiles.trained).toBeGreaterThanOrEqual(496);
    expect(tiles.sat).toBeGreaterThan(400);
  });
});
