import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { examAttempts } from "#db/schema";
import { finishFixtureJuniorStudy, openFixtureSession, syncFixtureContent } from "../../../tests/setup/content-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import {
  attemptForCandidate,
  closeExpiredAttempts,
  examEligibility,
  saveAnswer,
  startAttempt,
  submitAttempt,
} from "./attempts.server";
import { seededRandom } from "./draw";

beforeAll(() => syncFixtureContent());

const t0 = new Date("2026-06-01T01:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

/** A trainee who has completed the junior course and its hours. */
async function readyTrainee() {
  const d = await db();
  const trainee = await makeUser(d, { role: "trainee" });
  await finishFixtureJuniorStudy(trainee.id, t0);
  await openFixtureSession([trainee.id], at(-24 * 60), at(60 * 24 * 60));
  return { d, trainee };
}

/** The attempt's questions, and how to answer one as the candidate sees it. */
async function sitting(d: Awaited<ReturnType<typeof db>>, userId: string, attemptId: string, now: Date) {
  const attempt = await attemptForCandidate(d, userId, attemptId, now);
  const find = (type: string) => attempt.items.find((i) => i.content.type === type)!;
  return { attempt, find };
}

describe("starting an exam", () => {
  test("is refused, with every reason, until the level's study is complete", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    expect(await startAttempt(d, trainee.id, "junior", { now: t0 })).toEqual({ ok: false, reasons: ["study_incomplete", "no_session"] });
  });

  test("freezes a snapshot and a server deadline; a second start resumes the same attempt", async () => {
    const { d, trainee } = await readyTrainee();
    const first = await startAttempt(d, trainee.id, "junior", { now: t0, random: seededRandom(7) });
    expect(first).toMatchObject({ ok: true, resumed: false });
    const again = await startAttempt(d, trainee.id, "junior", { now: at(1) });
    expect(again).toEqual({ ok: true, attemptId: first.ok ? first.attemptId : "", resumed: true });
    const [row] = await d.select().from(examAttempts).where(eq(examAttempts.userId, trainee.id));
    expect(row!.deadlineAt).toEqual(at(60));
    expect(row!.items).toHaveLength(6);
    expect(row!.maxTenths).toBe(10 + 10 + 10 + 10 + 100 + 70);
  });

  test("the database holds one open attempt per person and exam", async () => {
    const { d, trainee } = await readyTrainee();
    const first = await startAttempt(d, trainee.id, "junior", { now: t0 });
    if (!first.ok) throw new Error("not started");
    const [row] = await d.select().from(examAttempts).where(eq(examAttempts.id, first.attemptId));
    await expect(
      d.insert(examAttempts).values({ userId: trainee.id, levelSlug: "junior", startedAt: t0, deadlineAt: at(60), items: row!.items, maxTenths: 1 }),
    ).rejects.toMatchObject({ cause: { code: "23505" } });
  });

  test("an exam whose policy shows the score only gives no review, even after it closes", async () => {
    const { attemptReview } = await import("./attempts.server");
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { now: t0 });
    if (!started.ok) throw new Error("not started");
    await submitAttempt(d, trainee.id, started.attemptId, at(5));
    expect(await attemptReview(d, trainee.id, started.attemptId)).toBeNull();
  });

  test("the page's data holds no answer key, rubric or explanation", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { now: t0 });
    if (!started.ok) throw new Error("not started");
    const { attempt } = await sitting(d, trainee.id, started.attemptId, at(1));
    const json = JSON.stringify(attempt);
    expect(json).not.toMatch(/"answer"|rubric|explanation|八百四十三|决策程序/);
    expect(attempt.deadlineAt).toBe(at(60).toISOString());
  });
});

describe("answers and the end of an attempt", () => {
  test("saves are idempotent and ordered by sequence number; after the deadline nothing is saved", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { now: t0 });
    if (!started.ok) throw new Error("not started");
    const { find } = await sitting(d, trainee.id, started.attemptId, at(1));
    const tf = find("true_false");
    const save = (response: unknown, seq: number, minute: number) =>
      saveAnswer(d, { userId: trainee.id, attemptId: started.attemptId, item: tf.index, part: 0, response, seq, now: at(minute) });
    expect(await save(false, 1, 2)).toEqual({ ok: true, seq: 1 });
    expect(await save(true, 3, 3)).toEqual({ ok: true, seq: 3 });
    // A stale save (seq 2) arriving late, and a repeat of seq 3, change nothing.
    expect(await save(false, 2, 4)).toEqual({ ok: true, seq: 3 });
    expect(await save(false, 3, 4)).toEqual({ ok: true, seq: 3 });
    expect((await attemptForCandidate(d, trainee.id, started.attemptId, at(5))).answers).toEqual([
      { item: tf.index, part: 0, response: true, seq: 3 },
    ]);
    expect(await save("yes", 4, 5)).toEqual({ ok: false, reason: "invalid" });
    expect(await save(false, 9, 61)).toEqual({ ok: false, reason: "closed" });
  });

  test("an attempt left open is closed at access and graded with its last saved answers, never blanks", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { now: t0, random: seededRandom(3) });
    if (!started.ok) throw new Error("not started");
    const { find } = await sitting(d, trainee.id, started.attemptId, at(1));
    const single = find("single");
    const shown = single.content.type === "single" ? single.content.options : [];
    // The right answer is 五类, wherever the shuffle put it.
    await saveAnswer(d, { userId: trainee.id, attemptId: started.attemptId, item: single.index, part: 0, response: shown.indexOf("五类"), seq: 1, now: at(2) });
    const tf = find("true_false");
    await saveAnswer(d, { userId: trainee.id, attemptId: started.attemptId, item: tf.index, part: 0, response: true, seq: 1, now: at(3) });
    const fill = find("fill_in");
    await saveAnswer(d, { userId: trainee.id, attemptId: started.attemptId, item: fill.index, part: 0, response: "５０", seq: 1, now: at(4) });
    // The trainee never comes back; an hour and a half later they open the page.
    const closed = await attemptForCandidate(d, trainee.id, started.attemptId, at(90));
    expect(closed.status).toBe("expired");
    // 3 objective points earned; the essay and the case's essay wait for a grader.
    expect(closed.result).toEqual({ scoreTenths: 30, maxTenths: 210, passed: null, pendingEssays: 2 });
  });

  test("the sweep closes attempts past their deadline; submitting twice grades once", async () => {
    const { d, trainee } = await readyTrainee();
    const a = await startAttempt(d, trainee.id, "junior", { now: t0 });
    if (!a.ok) throw new Error("not started");
    expect(await closeExpiredAttempts(d, at(30))).toBe(0);
    expect(await closeExpiredAttempts(d, at(61))).toBeGreaterThanOrEqual(1);
    const [row] = await d.select().from(examAttempts).where(eq(examAttempts.id, a.attemptId));
    expect(row).toMatchObject({ status: "expired", scoreTenths: 0 });

    // The waiting period applies before the next attempt; after it, a new one can start and be submitted.
    expect((await examEligibility(d, trainee.id, "junior", at(120))).reasons).toEqual(["waiting_period"]);
    const b = await startAttempt(d, trainee.id, "junior", { now: at(61 + 24 * 60) });
    if (!b.ok) throw new Error("not started");
    await submitAttempt(d, trainee.id, b.attemptId, at(62 + 24 * 60));
    await submitAttempt(d, trainee.id, b.attemptId, at(63 + 24 * 60));
    const [second] = await d.select().from(examAttempts).where(eq(examAttempts.id, b.attemptId));
    expect(second).toMatchObject({ status: "submitted", closedAt: at(62 + 24 * 60) });
    // Two attempts used of two.
    expect((await examEligibility(d, trainee.id, "junior", at(3 * 24 * 60))).reasons).toEqual(["no_attempts_left"]);
  });

  test("a typed answer that looks like a number or a boolean comes back exactly as typed", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { now: t0 });
    if (!started.ok) throw new Error("not started");
    const { find } = await sitting(d, trainee.id, started.attemptId, at(1));
    const fill = find("fill_in");
    const essay = find("essay");
    await saveAnswer(d, { userId: trainee.id, attemptId: started.attemptId, item: fill.index, part: 0, response: "50", seq: 1, now: at(2) });
    await saveAnswer(d, { userId: trainee.id, attemptId: started.attemptId, item: essay.index, part: 0, response: "true", seq: 1, now: at(2) });
    const { answers } = await attemptForCandidate(d, trainee.id, started.attemptId, at(3));
    expect(answers.map((a) => a.response).sort()).toEqual(["50", "true"]);
  });

  test("someone else's attempt is not found", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { now: t0 });
    if (!started.ok) throw new Error("not started");
    const stranger = await makeUser(d, { role: "trainee" });
    await expect(attemptForCandidate(d, stranger.id, started.attemptId, at(1))).rejects.toMatchObject({ status: 404 });
    await expect(
      saveAnswer(d, { userId: stranger.id, attemptId: started.attemptId, item: 0, part: 0, response: null, seq: 1, now: at(1) }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("grading written answers", () => {
  test("center staff grade essays against the rubric; the last grade makes the result final; other centers cannot", async () => {
    const { gradeEssay, gradingQueue } = await import("./essay-grading.server");
    const { actorFor, makeOrganization, makeRegion } = await import("../../../tests/setup/factories");
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const other = await makeOrganization(d, region.id);
    const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
    await finishFixtureJuniorStudy(trainee.id, t0);
    await openFixtureSession([trainee.id], at(-60), at(24 * 60));
    const started = await startAttempt(d, trainee.id, "junior", { now: t0, random: seededRandom(5) });
    if (!started.ok) throw new Error("not started");
    const { attempt, find } = await sitting(d, trainee.id, started.attemptId, at(1));
    const essay = find("essay");
    await saveAnswer(d, { userId: trainee.id, attemptId: started.attemptId, item: essay.index, part: 0, response: "先履行决策程序，再评估定价。", seq: 1, now: at(2) });
    await submitAttempt(d, trainee.id, started.attemptId, at(3));
    expect(attempt.items).toHaveLength(6);

    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    const outsider = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    const queue = await gradingQueue(d, staff, center.id);
    expect(queue.map((q) => [q.item, q.part, q.maxTenths])).toEqual(
      expect.arrayContaining([[essay.index, 0, 100]]),
    );
    expect(queue.find((q) => q.item === essay.index)).toMatchObject({ response: "先履行决策程序，再评估定价。", rubric: expect.stringContaining("决策程序") });
    expect(await gradingQueue(d, outsider, other.id)).toEqual([]);
    await expect(gradingQueue(d, outsider, center.id)).rejects.toMatchObject({ status: 403 });
    await expect(
      gradeEssay(d, outsider, { centerId: other.id, attemptId: started.attemptId, item: essay.index, part: 0, points: 10, comment: "" }),
    ).rejects.toMatchObject({ status: 404 });

    expect(
      await gradeEssay(d, staff, { centerId: center.id, attemptId: started.attemptId, item: essay.index, part: 0, points: 11, comment: "" }),
    ).toEqual({ ok: false, field: "points", message: "validation.points.range" });
    const results = [];
    for (const entry of queue)
      results.push(
        await gradeEssay(d, staff, { centerId: center.id, attemptId: entry.attemptId, item: entry.item, part: entry.part, points: entry.maxTenths / 10, comment: "要点齐全" }),
      );
    expect(results.at(-1)).toEqual({ ok: true, final: true });
    const [row] = await d.select().from(examAttempts).where(eq(examAttempts.id, started.attemptId));
    // Only the written answers, at full marks: 10 + 6 of 21 points = 76 %, above the 60 % pass mark.
    expect(row).toMatchObject({ pendingEssays: 0, scoreTenths: 160, passed: true });
    expect(row!.gradedAt).not.toBeNull();
  });
});

describe("deadlines and accommodations", () => {
  test("a save 1 ms after the deadline is refused; extra time granted during the attempt moves its deadline at once", async () => {
    const { grantAccommodation } = await import("./accommodations.server");
    const { actorFor, makeOrganization, makeRegion } = await import("../../../tests/setup/factories");
    const { d, trainee } = await readyTrainee();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const { memberships } = await import("#db/schema");
    await d.insert(memberships).values({ userId: trainee.id, role: "trainee", organizationId: center.id });
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);

    const started = await startAttempt(d, trainee.id, "junior", { now: t0 });
    if (!started.ok) throw new Error("not started");
    const tf = (await sitting(d, trainee.id, started.attemptId, at(1))).find("true_false");
    const justAfter = new Date(at(60).getTime() + 1);
    await grantAccommodation(d, staff, { centerId: center.id, traineeId: trainee.id, levelSlug: "junior", extraMinutes: 15, extraAttempts: 0, now: at(10) });
    expect((await attemptForCandidate(d, trainee.id, started.attemptId, at(11))).deadlineAt).toBe(at(75).toISOString());
    expect(await saveAnswer(d, { userId: trainee.id, attemptId: started.attemptId, item: tf.index, part: 0, response: true, seq: 1, now: justAfter })).toEqual({ ok: true, seq: 1 });
    expect(
      await saveAnswer(d, { userId: trainee.id, attemptId: started.attemptId, item: tf.index, part: 0, response: false, seq: 2, now: new Date(at(75).getTime() + 1) }),
    ).toEqual({ ok: false, reason: "closed" });
  });

  test("two concurrent starts give one attempt", async () => {
    const { d, trainee } = await readyTrainee();
    const [a, b] = await Promise.all([startAttempt(d, trainee.id, "junior", { now: t0 }), startAttempt(d, trainee.id, "junior", { now: t0 })]);
    expect(a.ok && b.ok && a.attemptId === b.attemptId).toBe(true);
    expect(await d.select().from(examAttempts).where(eq(examAttempts.userId, trainee.id))).toHaveLength(1);
  });

  test("an extra attempt granted by the center allows one more sitting", async () => {
    const { grantAccommodation } = await import("./accommodations.server");
    const { actorFor, makeOrganization, makeRegion } = await import("../../../tests/setup/factories");
    const { d, trainee } = await readyTrainee();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const { memberships } = await import("#db/schema");
    await d.insert(memberships).values({ userId: trainee.id, role: "trainee", organizationId: center.id });
    for (const day of [0, 2]) {
      const s = await startAttempt(d, trainee.id, "junior", { now: at(day * 24 * 60) });
      if (!s.ok) throw new Error("not started");
      await submitAttempt(d, trainee.id, s.attemptId, at(day * 24 * 60 + 5));
    }
    expect((await examEligibility(d, trainee.id, "junior", at(4 * 24 * 60))).reasons).toEqual(["no_attempts_left"]);
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    await grantAccommodation(d, staff, { centerId: center.id, traineeId: trainee.id, levelSlug: "junior", extraMinutes: 0, extraAttempts: 1 });
    expect((await examEligibility(d, trainee.id, "junior", at(4 * 24 * 60))).reasons).toEqual([]);
    // Another center's staff cannot grant anything to this trainee.
    const other = await makeOrganization(d, region.id);
    const outsider = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    await expect(
      grantAccommodation(d, outsider, { centerId: other.id, traineeId: trainee.id, levelSlug: "junior", extraMinutes: 30, extraAttempts: 5 }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("the exam's opening window", () => {
  test("outside the window the exam cannot start; inside, the deadline is the earlier of time allowed and the close", async () => {
    const { d, trainee } = await readyTrainee();
    const { levels } = await import("#db/schema");
    const [junior] = await d.select().from(levels).where(eq(levels.slug, "junior"));
    const config = junior!.config as { exam: Record<string, unknown> };
    const withWindow = { ...config, exam: { ...config.exam, window: { opensAt: at(10).toISOString(), closesAt: at(40).toISOString() } } };
    await d.update(levels).set({ config: withWindow }).where(eq(levels.slug, "junior"));
    try {
      expect(await startAttempt(d, trainee.id, "junior", { now: at(5) })).toEqual({ ok: false, reasons: ["window_closed"] });
      const started = await startAttempt(d, trainee.id, "junior", { now: at(15) });
      if (!started.ok) throw new Error("not started");
      // 60 minutes allowed, but the window closes 25 minutes after the start.
      expect((await attemptForCandidate(d, trainee.id, started.attemptId, at(16))).deadlineAt).toBe(at(40).toISOString());
    } finally {
      await d.update(levels).set({ config }).where(eq(levels.slug, "junior"));
    }
  });
});

describe("exam parameters adjusted in the app", () => {
  test("a platform admin's change applies to the next attempt, is audited, and only admins may make it", async () => {
    const { updateExamParameters, examOf } = await import("./settings.server");
    const { actorFor } = await import("../../../tests/setup/factories");
    const { auditLog } = await import("#db/schema");
    const { d, trainee } = await readyTrainee();
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
    await updateExamParameters(d, admin, "junior", { durationMinutes: 30, passPercent: 70, attemptLimit: 2, waitHoursBetweenAttempts: 24, review: "score" });
    expect((await examOf(d, "junior")).durationMinutes).toBe(30);
    const started = await startAttempt(d, trainee.id, "junior", { now: t0 });
    if (!started.ok) throw new Error("not started");
    expect((await attemptForCandidate(d, trainee.id, started.attemptId, at(1))).deadlineAt).toBe(at(30).toISOString());
    const entries = await d.select().from(auditLog).where(eq(auditLog.action, "exam.parameters"));
    expect(entries.at(-1)).toMatchObject({ targetId: "junior", before: { durationMinutes: 60 }, after: { durationMinutes: 30, passPercent: 70 } });
    const learner = await actorFor(d, trainee.id);
    await expect(
      updateExamParameters(d, learner, "junior", { durationMinutes: 600, passPercent: 1, attemptLimit: 20, waitHoursBetweenAttempts: 0, review: "score" }),
    ).rejects.toMatchObject({ status: 403 });
    // Restore the fixture's parameters for the other tests of this file.
    await updateExamParameters(d, admin, "junior", { durationMinutes: 60, passPercent: 60, attemptLimit: 2, waitHoursBetweenAttempts: 24, review: "score" });
  });
});

/** Runs `work` again while it fails (at most 10 times): the pool meets a dropped connection, the next try gets a fresh one. */
async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 10) throw error;
    }
  }
}

describe("a dropped database connection", () => {
  // Only a PostgreSQL server has connections to drop; the embedded PGlite run has none (it is in-process).
  test.skipIf(!process.env.TEST_DATABASE_URL)("loses no acknowledged answer", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { now: t0 });
    if (!started.ok) throw new Error("not started");
    const { find } = await sitting(d, trainee.id, started.attemptId, at(1));
    const tf = find("true_false");
    const fill = find("fill_in");
    const acknowledged: { item: number; response: unknown }[] = [];
    // As the browser does: a save that fails is not acknowledged; it is kept and sent again.
    const save = async (item: number, response: unknown, seq: number) => {
      const result = await retrying(() => saveAnswer(d, { userId: trainee.id, attemptId: started.attemptId, item, part: 0, response, seq, now: at(2) }));
      if (result.ok) acknowledged.push({ item, response });
    };
    await save(tf.index, true, 1);
    // Every connection of this database is cut, as in a server restart or a network failure.
    await d.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
    await d.execute(sql`select pg_terminate_backend(pg_backend_pid())`).catch(() => undefined);
    await save(fill.index, "五十", 1);
    await save(fill.index, "50", 2);
    expect(acknowledged).toHaveLength(3);
    // The pool may still hold other cut connections; a reader, like the browser, tries again on a fresh one.
    const { answers } = await retrying(() => attemptForCandidate(d, trainee.id, started.attemptId, at(3)));
    const latest = new Map<number, unknown>();
    for (const a of acknowledged) latest.set(a.item, a.response);
    for (const [item, response] of latest) expect(answers.find((a) => a.item === item)?.response).toEqual(response);
  });
});
