import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { examAttempts } from "#db/schema";
import { seededRandom } from "~/modules/content";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { at, noneHeld, readyTrainee, sitting, t0 } from "../../../tests/setup/exam-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { attemptForCandidate } from "./sitting.server";
import { startAttempt } from "./start.server";
import { submitAttempt } from "./close.server";

beforeAll(() => syncFixtureContent());

describe("starting an exam", () => {
  test("is refused, with every reason, until the level's study is complete", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    expect(await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 })).toEqual({
      ok: false,
      reasons: ["study_incomplete", "no_session"],
    });
  });

  test("freezes a snapshot and a server deadline; a second start resumes the same attempt", async () => {
    const { d, trainee } = await readyTrainee();
    const first = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0, random: seededRandom(7) });
    expect(first).toMatchObject({ ok: true, resumed: false });
    const again = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: at(1) });
    expect(again).toEqual({ ok: true, attemptId: first.ok ? first.attemptId : "", resumed: true });
    const [row] = await d.select().from(examAttempts).where(eq(examAttempts.userId, trainee.id));
    expect(row!.deadlineAt).toEqual(at(60));
    expect(row!.items).toHaveLength(6);
    expect(row!.maxTenths).toBe(10 + 10 + 10 + 10 + 100 + 70);
  });

  test("the database holds one open attempt per person and exam", async () => {
    const { d, trainee } = await readyTrainee();
    const first = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!first.ok) throw new Error("not started");
    const [row] = await d.select().from(examAttempts).where(eq(examAttempts.id, first.attemptId));
    await expect(
      d.insert(examAttempts).values({
        userId: trainee.id,
        levelSlug: "junior",
        startedAt: t0,
        deadlineAt: at(60),
        items: row!.items,
        maxTenths: 1,
      }),
    ).rejects.toMatchObject({ cause: { code: "23505" } });
  });

  test("an exam whose policy shows the score only gives no review, even after it closes", async () => {
    const { attemptReview } = await import("./review.server");
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!started.ok) throw new Error("not started");
    await submitAttempt(d, trainee.id, started.attemptId, at(5));
    expect(await attemptReview(d, trainee.id, started.attemptId)).toBeNull();
  });

  test("the page's data holds no answer key, rubric or explanation", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!started.ok) throw new Error("not started");
    const { attempt } = await sitting(d, trainee.id, started.attemptId, at(1));
    const json = JSON.stringify(attempt);
    expect(json).not.toMatch(/"answer"|rubric|explanation|八百四十三|决策程序/);
    expect(attempt.deadlineAt).toBe(at(60).toISOString());
  });
});

describe("the exam's opening window", () => {
  test("outside the window the exam cannot start; inside, the deadline is the earlier of time allowed and the close", async () => {
    const { d, trainee } = await readyTrainee();
    const { levels } = await import("#db/schema");
    const [junior] = await d.select().from(levels).where(eq(levels.slug, "junior"));
    const config = junior!.config as { exam: Record<string, unknown> };
    const withWindow = {
      ...config,
      exam: { ...config.exam, window: { opensAt: at(10).toISOString(), closesAt: at(40).toISOString() } },
    };
    await d.update(levels).set({ config: withWindow }).where(eq(levels.slug, "junior"));
    try {
      expect(await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: at(5) })).toEqual({
        ok: false,
        reasons: ["window_closed"],
      });
      const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: at(15) });
      if (!started.ok) throw new Error("not started");
      // 60 minutes allowed, but the window closes 25 minutes after the start.
      expect((await attemptForCandidate(d, trainee.id, started.attemptId, at(16))).deadlineAt).toBe(
        at(40).toISOString(),
      );
    } finally {
      await d.update(levels).set({ config }).where(eq(levels.slug, "junior"));
    }
  });
});
