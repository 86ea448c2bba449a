import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { examAttempts } from "#db/schema";
import { seededRandom } from "~/modules/content";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { at, noneHeld, readyTrainee, t0 } from "../../../tests/setup/exam-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { examBriefing } from "./briefing.server";
import { submitAttempt } from "./close.server";
import { examEligibility } from "./eligibility.server";
import { setFlag } from "./flags.server";
import { examsOverview } from "./overview.server";
import { attemptForCandidate } from "./sitting.server";
import { startAttempt } from "./start.server";

beforeAll(() => syncFixtureContent());

describe("the exam briefing", () => {
  test("says what the exam holds before the clock starts, and starting is what starts it", async () => {
    const { d, trainee } = await readyTrainee();
    const briefing = await examBriefing(d, trainee.id, "junior", noneHeld, t0);
    expect(briefing).toMatchObject({
      sections: [{ name: { zh: "全部题目", en: "All questions" }, count: 6 }],
      questions: 6,
      minutes: 60,
      passPercent: 60,
      attemptsUsed: 0,
      attemptsLeft: 2,
      review: "score",
      closesAt: at(60 * 24 * 60).toISOString(),
      cutShort: false,
      openAttemptId: null,
      reasons: [],
    });
    expect(await d.select().from(examAttempts).where(eq(examAttempts.userId, trainee.id))).toEqual([]);
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!started.ok) throw new Error("not started");
    expect(await examBriefing(d, trainee.id, "junior", noneHeld, at(1))).toMatchObject({
      openAttemptId: started.attemptId,
      attemptsUsed: 1,
      attemptsLeft: 1,
    });
  });

  test("warns when the session closes before the full time is up", async () => {
    const { d, trainee } = await readyTrainee();
    const late = at(60 * 24 * 60 - 30);
    expect(await examBriefing(d, trainee.id, "junior", noneHeld, late)).toMatchObject({ cutShort: true });
  });
});

describe("flags (标记)", () => {
  test("are saved with the attempt: a reload or another device shows them; closed attempts keep theirs", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0, random: seededRandom(3) });
    if (!started.ok) throw new Error("not started");
    const flag = (item: number, flagged: boolean, minute = 2) =>
      setFlag(d, { userId: trainee.id, attemptId: started.attemptId, item, flagged, now: at(minute) });
    expect(await flag(2, true)).toEqual({ ok: true, flagged: [2] });
    expect(await flag(4, true)).toEqual({ ok: true, flagged: [2, 4] });
    // The same flag twice (a retry, or two devices) is one flag.
    expect(await flag(4, true)).toEqual({ ok: true, flagged: [2, 4] });
    expect(await flag(2, false)).toEqual({ ok: true, flagged: [4] });
    expect((await attemptForCandidate(d, trainee.id, started.attemptId, at(3))).flagged).toEqual([4]);
    expect(await flag(99, true)).toEqual({ ok: false, reason: "invalid" });
    const stranger = await makeUser(d, { role: "trainee" });
    await expect(
      setFlag(d, { userId: stranger.id, attemptId: started.attemptId, item: 1, flagged: true, now: at(3) }),
    ).rejects.toMatchObject({ status: 404 });
    await submitAttempt(d, trainee.id, started.attemptId, at(5));
    expect(await flag(1, true, 6)).toEqual({ ok: false, reason: "closed" });
  });
});

describe("/exams tells the truth", () => {
  test("a pending result carries the points still to grade; a passed exam is never offered again", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0, random: seededRandom(5) });
    if (!started.ok) throw new Error("not started");
    await submitAttempt(d, trainee.id, started.attemptId, at(3));
    const [junior] = await examsOverview(d, trainee.id, noneHeld, at(4));
    // The essay (10 points) and the case's written part (6 points) wait for a grader.
    expect(junior!.attempts[0]).toMatchObject({ pendingEssays: 2, pendingTenths: 160, maxTenths: 210 });

    await d
      .update(examAttempts)
      .set({ pendingEssays: 0, passed: true, scoreTenths: 200 })
      .where(eq(examAttempts.id, started.attemptId));
    const after = await examEligibility(d, trainee.id, "junior", noneHeld, at(60 * 48));
    expect(after.reasons).toContain("already_passed");
    expect(after.reasons).not.toContain("waiting_period");
    expect(await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: at(60 * 48) })).toMatchObject({
      ok: false,
      reasons: ["already_passed"],
    });
  });

  test("study not done: the reason names the courses and hours the level asks for", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    const e = await examEligibility(d, trainee.id, "junior", noneHeld, t0);
    expect(e.reasons).toContain("study_incomplete");
    expect(e.rules).toEqual({
      missingPrerequisites: [],
      courses: { done: 0, required: 1 },
      hours: { done: 0, required: 0.5 },
    });
  });
});
