import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { examAttempts, examIntegrityEvents } from "#db/schema";
import { type QuestionContent, seededRandom } from "~/modules/content";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { at, noneHeld, readyTrainee, sitting, t0 } from "../../../tests/setup/exam-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { closeExpiredAttempts, submitAttempt } from "./close.server";
import { examEligibility } from "./eligibility.server";
import { hashDeviceToken } from "./integrity.server";
import { attemptForCandidate, attemptPageFor, saveAnswer } from "./sitting.server";
import { startAttempt } from "./start.server";

beforeAll(() => syncFixtureContent());

describe("answers and the end of an attempt", () => {
  test("saves are idempotent and ordered by sequence number; after the deadline nothing is saved", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!started.ok) throw new Error("not started");
    const { find } = await sitting(d, trainee.id, started.attemptId, at(1));
    const tf = find("true_false");
    const save = (response: unknown, seq: number, minute: number) =>
      saveAnswer(d, {
        userId: trainee.id,
        attemptId: started.attemptId,
        item: tf.index,
        part: 0,
        response,
        seq,
        now: at(minute),
      });
    expect(await save(false, 1, 2)).toEqual({ ok: true, seq: 1 });
    expect(await save(true, 3, 3)).toEqual({ ok: true, seq: 3 });
    // A stale save (seq 2) arriving late, and a repeat of seq 3, change nothing.
    expect(await save(false, 2, 4)).toEqual({ ok: true, seq: 3 });
    expect(await save(false, 3, 4)).toEqual({ ok: true, seq: 3 });
    expect((await attemptForCandidate(d, trainee.id, started.attemptId, at(5))).answers).toEqual([
      { item: tf.index, part: 0, response: true, seq: 3 },
    ]);
    expect(await save("yes", 4, 5)).toEqual({ ok: false, reason: "invalid" });
    // The save that finds the deadline passed closes the attempt, and says so for the certification workflow.
    expect(await save(false, 9, 61)).toEqual({
      ok: false,
      reason: "closed",
      graded: { attemptId: started.attemptId, userId: trainee.id, levelSlug: "junior", passed: null },
    });
  });

  test("an attempt left open is closed at access and graded with its last saved answers, never blanks", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0, random: seededRandom(3) });
    if (!started.ok) throw new Error("not started");
    const { find } = await sitting(d, trainee.id, started.attemptId, at(1));
    const single = find("single");
    const shown = single.content.type === "single" ? single.content.options : [];
    // The right answer is 五类, wherever the shuffle put it.
    await saveAnswer(d, {
      userId: trainee.id,
      attemptId: started.attemptId,
      item: single.index,
      part: 0,
      response: shown.indexOf("五类"),
      seq: 1,
      now: at(2),
    });
    const tf = find("true_false");
    await saveAnswer(d, {
      userId: trainee.id,
      attemptId: started.attemptId,
      item: tf.index,
      part: 0,
      response: true,
      seq: 1,
      now: at(3),
    });
    const fill = find("fill_in");
    await saveAnswer(d, {
      userId: trainee.id,
      attemptId: started.attemptId,
      item: fill.index,
      part: 0,
      response: "５０",
      seq: 1,
      now: at(4),
    });
    // The trainee never comes back; an hour and a half later they open the page.
    const closed = await attemptForCandidate(d, trainee.id, started.attemptId, at(90));
    expect(closed.status).toBe("expired");
    // 3 objective points earned; the essay and the case's essay wait for a grader.
    expect(closed.result).toEqual({ scoreTenths: 30, maxTenths: 210, passed: null, pendingEssays: 2 });
  });

  test("the sweep closes attempts past their deadline; submitting twice grades once", async () => {
    const { d, trainee } = await readyTrainee();
    const a = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!a.ok) throw new Error("not started");
    expect(await closeExpiredAttempts(d, at(30))).toHaveLength(0);
    expect((await closeExpiredAttempts(d, at(61))).length).toBeGreaterThanOrEqual(1);
    const [row] = await d.select().from(examAttempts).where(eq(examAttempts.id, a.attemptId));
    expect(row).toMatchObject({ status: "expired", scoreTenths: 0 });

    // The waiting period applies before the next attempt; after it, a new one can start and be submitted.
    expect((await examEligibility(d, trainee.id, "junior", noneHeld, at(120))).reasons).toEqual(["waiting_period"]);
    const b = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: at(61 + 24 * 60) });
    if (!b.ok) throw new Error("not started");
    await submitAttempt(d, trainee.id, b.attemptId, at(62 + 24 * 60));
    await submitAttempt(d, trainee.id, b.attemptId, at(63 + 24 * 60));
    const [second] = await d.select().from(examAttempts).where(eq(examAttempts.id, b.attemptId));
    expect(second).toMatchObject({ status: "submitted", closedAt: at(62 + 24 * 60) });
    // Two attempts used of two.
    expect((await examEligibility(d, trainee.id, "junior", noneHeld, at(3 * 24 * 60))).reasons).toEqual([
      "no_attempts_left",
    ]);
  });

  test("a typed answer that looks like a number or a boolean comes back exactly as typed", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!started.ok) throw new Error("not started");
    const { find } = await sitting(d, trainee.id, started.attemptId, at(1));
    const fill = find("fill_in");
    const essay = find("essay");
    await saveAnswer(d, {
      userId: trainee.id,
      attemptId: started.attemptId,
      item: fill.index,
      part: 0,
      response: "50",
      seq: 1,
      now: at(2),
    });
    await saveAnswer(d, {
      userId: trainee.id,
      attemptId: started.attemptId,
      item: essay.index,
      part: 0,
      response: "true",
      seq: 1,
      now: at(2),
    });
    const { answers } = await attemptForCandidate(d, trainee.id, started.attemptId, at(3));
    expect(answers.map((a) => a.response).sort()).toEqual(["50", "true"]);
  });

  test("someone else's attempt is not found", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!started.ok) throw new Error("not started");
    const stranger = await makeUser(d, { role: "trainee" });
    await expect(attemptForCandidate(d, stranger.id, started.attemptId, at(1))).rejects.toMatchObject({ status: 404 });
    await expect(
      saveAnswer(d, {
        userId: stranger.id,
        attemptId: started.attemptId,
        item: 0,
        part: 0,
        response: null,
        seq: 1,
        now: at(1),
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("a save on the exam day", () => {
  const phone = hashDeviceToken("sitting-phone-token")!;
  const laptop = hashDeviceToken("sitting-laptop-token")!;

  async function openOn(device: string) {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", {
      held: noneHeld,
      now: t0,
      access: { ip: "10.0.0.5" },
      deviceHash: device,
    });
    if (!started.ok) throw new Error("not started");
    const attemptId = started.attemptId;
    const page = await attemptPageFor(d, { userId: trainee.id, attemptId, deviceHash: device, now: at(1) });
    const questions = JSON.parse(page.questions) as QuestionContent[];
    const indexOf = (type: string) => questions.findIndex((q) => q.type === type);
    const save = (
      item: number,
      response: unknown,
      seq: number,
      now: Date,
      more: { ip?: string; device?: string | null } = {},
    ) =>
      saveAnswer(d, {
        userId: trainee.id,
        attemptId,
        item,
        part: 0,
        response,
        seq,
        now,
        deviceHash: more.device === undefined ? device : more.device,
        ip: more.ip ?? "10.0.0.5",
      });
    const row = async () => (await d.select().from(examAttempts).where(eq(examAttempts.id, attemptId)))[0]!;
    return { d, trainee, attemptId, indexOf, save, row };
  }

  test("notes when the candidate was last heard from, at most every few seconds, and a new address as an event", async () => {
    const { d, attemptId, indexOf, save, row } = await openOn(phone);
    const tf = indexOf("true_false");
    const second = (s: number) => new Date(at(2).getTime() + s * 1000);
    expect(await save(tf, true, 1, second(0))).toEqual({ ok: true, seq: 1 });
    expect((await row()).lastSeenAt).toEqual(second(0));
    // A burst of saves within a few seconds writes "last seen" once.
    expect(await save(tf, false, 2, second(2))).toEqual({ ok: true, seq: 2 });
    expect((await row()).lastSeenAt).toEqual(second(0));
    expect(await save(tf, true, 3, second(15))).toEqual({ ok: true, seq: 3 });
    expect((await row()).lastSeenAt).toEqual(second(15));
    // Another network: noted at once, and recorded for the proctor (the default policy records it).
    expect(await save(tf, false, 4, second(16), { ip: "10.0.0.9" })).toEqual({ ok: true, seq: 4 });
    expect(await row()).toMatchObject({ lastIp: "10.0.0.9", lastSeenAt: second(16) });
    const events = await d.select().from(examIntegrityEvents).where(eq(examIntegrityEvents.attemptId, attemptId));
    expect(events.map((e) => [e.kind, e.detail])).toEqual([["ip_change", { from: "10.0.0.5", to: "10.0.0.9" }]]);
  });

  test("another browser saves nothing and leaves 'last seen' alone", async () => {
    const { indexOf, save, row } = await openOn(phone);
    const tf = indexOf("true_false");
    expect(await save(tf, true, 1, at(2), { device: laptop })).toEqual({ ok: false, reason: "device" });
    expect(await save(tf, true, 1, at(2), { device: null })).toEqual({
      ok: false,
      reason: "device",
    });
    expect((await row()).lastSeenAt).not.toEqual(at(2));
    expect(await save(tf, true, 1, at(3))).toEqual({ ok: true, seq: 1 });
  });

  test("checks the response against the attempt's stored draw, not only what the page was shown with", async () => {
    const { d, attemptId, indexOf, save, row } = await openOn(phone);
    const tf = indexOf("true_false");
    const single = indexOf("single");
    // The stored draw changes behind this process's back (as if another copy of the app had another attempt
    // with this id in mind): the true/false item now holds the single-choice question.
    const items = (await row()).items;
    const swapped = items.map((item, i) => (i === tf ? items[single]! : i === single ? items[tf]! : item));
    await d.update(examAttempts).set({ items: swapped }).where(eq(examAttempts.id, attemptId));
    expect(await save(tf, true, 1, at(2))).toEqual({ ok: false, reason: "invalid" });
    expect(await save(tf, 0, 2, at(2))).toEqual({ ok: true, seq: 2 });
    expect(await save(items.length, 0, 1, at(2))).toEqual({ ok: false, reason: "invalid" });
    const { answers } = await attemptForCandidate(d, (await row()).userId, attemptId, at(3));
    expect(answers).toEqual([{ item: tf, part: 0, response: 0, seq: 2 }]);
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
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!started.ok) throw new Error("not started");
    const { find } = await sitting(d, trainee.id, started.attemptId, at(1));
    const tf = find("true_false");
    const fill = find("fill_in");
    const acknowledged: { item: number; response: unknown }[] = [];
    // As the browser does: a save that fails is not acknowledged; it is kept and sent again.
    const save = async (item: number, response: unknown, seq: number) => {
      const result = await retrying(() =>
        saveAnswer(d, { userId: trainee.id, attemptId: started.attemptId, item, part: 0, response, seq, now: at(2) }),
      );
      if (result.ok) acknowledged.push({ item, response });
    };
    await save(tf.index, true, 1);
    // Every connection of this database is cut, as in a server restart or a network failure.
    await d.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
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
