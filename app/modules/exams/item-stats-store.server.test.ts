import { eq, isNotNull } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, test } from "vitest";
import { attemptAnswers, examAttempts, examItemStatCells, examItemStats, questionVersions } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { connect, db } from "~/utils/db.server";
import { type ItemStatistics, itemStatistics } from "./item-stats.server";
import {
  foldGradedAttempts,
  itemStatisticsFromSums,
  refreshItemStatistics,
  requestItemStatisticsRefresh,
  storedItemStatistics,
} from "./item-stats-store.server";

beforeAll(() => syncFixtureContent());

/** A small deterministic generator (the same set on every run and both databases). */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/**
 * Graded attempts written as the exam leaves them: drawn items (3–6 of the bank's questions, in two sections)
 * with answers worth part of their points, scores on a coarse scale so that many attempts tie (the ranking's
 * ties decide who is in the upper and lower 27 %), some without their items (imported history), some not graded.
 */
async function writeAttempts(
  centerIds: string[],
  count: number,
  seed: number,
  options: { levelSlug?: string; fine?: boolean } = {},
) {
  const d = await db();
  const versions = await d
    .select({ id: questionVersions.id, questionId: questionVersions.questionId, points: questionVersions.pointsTenths })
    .from(questionVersions);
  const next = random(seed);
  const at = new Date("2025-05-01T02:00:00Z");
  for (let i = 0; i < count; i++) {
    const centerId = centerIds[i % centerIds.length]!;
    const trainee = await makeUser(d, { role: "trainee", organizationId: centerId });
    const drawn = versions.filter(() => next() < 0.6).slice(0, 6);
    const history = next() < 0.1;
    const graded = next() < 0.9;
    const items = history
      ? []
      : drawn.map((v, k) => ({ questionId: v.questionId, versionId: v.id, section: k % 2, optionOrders: [] }));
    const points = items.map((_, k) => Math.round(next() * 2) * Math.floor(drawn[k]!.points / 2));
    let maxTenths = history ? 1000 : drawn.reduce((n, v) => n + v.points, 0);
    let score = history ? Math.round(next() * 4) * 250 : points.reduce((n, p) => n + p, 0);
    if (options.fine) {
      // Scores a hair apart (many ranking keys within one thousandth, and ties): the groups' boundaries fall
      // inside a band of the sums, where attempts are taken one by one.
      maxTenths = 1000 + (i % 13);
      score = 300 + (i % 5) + Math.floor(i / 20) * 100;
    }
    const [attempt] = await d
      .insert(examAttempts)
      .values({
        userId: trainee.id,
        levelSlug: options.levelSlug ?? "junior",
        status: "submitted",
        startedAt: at,
        deadlineAt: new Date(at.getTime() + 3600_000),
        closedAt: at,
        items,
        maxTenths,
        scoreTenths: score,
        passed: score * 10 >= maxTenths * 6,
        gradedAt: graded ? at : null,
      })
      .returning({ id: examAttempts.id });
    if (items.length)
      await d.insert(attemptAnswers).values(
        items.map((_, k) => ({
          attemptId: attempt!.id,
          item: k,
          part: 0,
          response: null,
          seq: 1,
          savedAt: at,
          // Now and then an answer left ungraded (no points): the live query counts it as none.
          pointsTenths: next() < 0.05 ? null : points[k]!,
        })),
      );
  }
}

/** The stored figures agree with the live query's (sums in another order: equal to many digits). */
function expectSame(stored: ItemStatistics, live: ItemStatistics) {
  expect(stored.attempts).toBe(live.attempts);
  expect(stored.distribution).toEqual(live.distribution);
  if (live.alpha === null) expect(stored.alpha).toBeNull();
  else expect(stored.alpha).toBeCloseTo(live.alpha, 9);
  expect(stored.items.map((i) => [i.questionId, i.topic, i.externalId, i.type, i.used])).toEqual(
    live.items.map((i) => [i.questionId, i.topic, i.externalId, i.type, i.used]),
  );
  for (const [k, item] of live.items.entries()) {
    expect(stored.items[k]!.facility).toBeCloseTo(item.facility, 9);
    if (item.discrimination === null) expect(stored.items[k]!.discrimination).toBeNull();
    else expect(stored.items[k]!.discrimination).toBeCloseTo(item.discrimination, 9);
  }
}

describe("item statistics computed by the job", () => {
  test("equal the live computation over every attempt and per center, also after regrades, deletions and new attempts; a second run changes nothing", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const centerA = await makeOrganization(d, region.id);
    const centerB = await makeOrganization(d, region.id);
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
    const staffA = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: centerA.id })).id);
    await writeAttempts([centerA.id, centerB.id], 80, 7);

    const first = await refreshItemStatistics(d, new Date("2026-01-01T00:00:00Z"));
    expect(first.added).toBeGreaterThan(60);
    const live = await itemStatistics(d, admin, "junior");
    expect(live.items.length).toBeGreaterThan(3);
    expect(live.items.some((i) => i.discrimination !== null && i.discrimination !== 0)).toBe(true);
    expectSame(await storedItemStatistics(d, admin, "junior"), live);
    // A center's figures are computed when first asked for, then kept and refreshed by the job.
    expectSame(
      await storedItemStatistics(d, staffA, "junior", centerA.id),
      await itemStatistics(d, staffA, "junior", centerA.id),
    );

    // Run again on the same data: the same rows.
    const results = async () =>
      (await d.select().from(examItemStats).orderBy(examItemStats.scope)).map((r) => [r.levelSlug, r.scope, r.result]);
    const rowsBefore = await results();
    const cellsBefore = await d
      .select()
      .from(examItemStatCells)
      .orderBy(examItemStatCells.questionId, examItemStatCells.band);
    const second = await refreshItemStatistics(d, new Date("2026-01-01T00:00:00Z"));
    expect(second).toMatchObject({ added: 0, removed: 0, centers: 1 });
    expect(await results()).toEqual(rowsBefore);
    expect(
      await d.select().from(examItemStatCells).orderBy(examItemStatCells.questionId, examItemStatCells.band),
    ).toEqual(cellsBefore);

    // New attempts, one regraded, one deleted: the page keeps showing the stored figures until the job runs.
    const stored = await storedItemStatistics(d, admin, "junior");
    await writeAttempts([centerA.id, centerB.id], 20, 99);
    const [regraded, removed] = await d
      .select({ id: examAttempts.id, max: examAttempts.maxTenths })
      .from(examAttempts)
      .where(isNotNull(examAttempts.gradedAt))
      .limit(2);
    await d
      .update(examAttempts)
      .set({ scoreTenths: regraded!.max, gradedAt: new Date("2025-06-01T00:00:00Z") })
      .where(eq(examAttempts.id, regraded!.id));
    await d.delete(examAttempts).where(eq(examAttempts.id, removed!.id));
    expect(await storedItemStatistics(d, admin, "junior")).toEqual(stored);
    expect((await itemStatistics(d, admin, "junior")).attempts).not.toBe(stored.attempts);

    const third = await refreshItemStatistics(d, new Date("2026-01-02T00:00:00Z"));
    expect(third.removed).toBe(2);
    const after = await storedItemStatistics(d, admin, "junior");
    expect(after.computedAt).toEqual(new Date("2026-01-02T00:00:00Z"));
    expectSame(after, await itemStatistics(d, admin, "junior"));
    expectSame(
      await storedItemStatistics(d, staffA, "junior", centerA.id),
      await itemStatistics(d, staffA, "junior", centerA.id),
    );
  });

  test("equal the live computation when the groups' boundaries fall among scores a hair apart", async () => {
    const d = await db();
    const center = await makeOrganization(d, (await makeRegion(d)).id);
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
    await writeAttempts([center.id], 90, 3, { levelSlug: "intermediate", fine: true });
    await refreshItemStatistics(d);
    const live = await itemStatistics(d, admin, "intermediate");
    expect(live.items.some((i) => i.discrimination !== null && i.discrimination !== 0)).toBe(true);
    expectSame(await storedItemStatistics(d, admin, "intermediate"), live);
  });

  test("a fold that reads the attempts in many batches adds each once: the same figures as the live query", async () => {
    const d = await db();
    const center = await makeOrganization(d, (await makeRegion(d)).id);
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
    await writeAttempts([center.id], 60, 23);
    // Batches of 7 (a large install's first fold reads thousands at a time): the sums are added once, at the end.
    const folded = await foldGradedAttempts(d, { batch: 7 });
    expect(folded.added).toBeGreaterThan(7 * 5);
    expectSame(await itemStatisticsFromSums(d, "junior"), await itemStatistics(d, admin, "junior"));
    expect(await foldGradedAttempts(d, { batch: 7 })).toEqual({ removed: 0, added: 0 });
  });

  // Two connections are needed to hold the lock elsewhere: PostgreSQL only.
  test.skipIf(!process.env.TEST_DATABASE_URL)(
    "while the job's first fold runs, the page says the figures are being computed instead of waiting",
    async () => {
      const d = await db();
      const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
      await d.delete(examItemStats).where(eq(examItemStats.scope, "all"));
      const other = postgres((await connect()).url!, { max: 1, onnotice: () => {} });
      try {
        await other`select pg_advisory_lock(hashtext('exam_item_stat_fold'))`;
        expect(await storedItemStatistics(d, admin, "junior")).toMatchObject({ computedAt: null, attempts: 0 });
      } finally {
        await other.end();
      }
      expect((await storedItemStatistics(d, admin, "junior")).computedAt).not.toBeNull();
    },
  );

  test("only those who may see the figures may read them or ask for a recomputation", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const other = await makeOrganization(d, region.id);
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    const outsider = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    const trainee = await actorFor(d, (await makeUser(d, { role: "trainee", organizationId: center.id })).id);
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);

    expect(() => requestItemStatisticsRefresh(staff, center.id)).not.toThrow();
    expect(() => requestItemStatisticsRefresh(admin)).not.toThrow();
    expect(() => requestItemStatisticsRefresh(admin, center.id)).not.toThrow();
    for (const [actor, centerId] of [
      [staff, undefined],
      [outsider, center.id],
      [trainee, center.id],
      [trainee, undefined],
    ] as const) {
      expect(() => requestItemStatisticsRefresh(actor, centerId)).toThrow(
        expect.objectContaining({ status: 403 }) as Error,
      );
      await expect(storedItemStatistics(d, actor, "junior", centerId)).rejects.toMatchObject({ status: 403 });
    }
  });
});
