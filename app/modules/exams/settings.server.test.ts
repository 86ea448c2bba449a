import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { at, noneHeld, readyTrainee, t0 } from "../../../tests/setup/exam-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { attemptForCandidate } from "./sitting.server";
import { startAttempt } from "./start.server";

beforeAll(() => syncFixtureContent());

describe("exam parameters adjusted in the app", () => {
  test("a platform admin's change applies to the next attempt, is audited, and only admins may make it", async () => {
    const { updateExamParameters, examOf } = await import("./settings.server");
    const { actorFor } = await import("../../../tests/setup/factories");
    const { auditLog } = await import("#db/schema");
    const { d, trainee } = await readyTrainee();
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
    await updateExamParameters(d, admin, "junior", {
      durationMinutes: 30,
      passPercent: 70,
      attemptLimit: 2,
      waitHoursBetweenAttempts: 24,
      review: "score",
    });
    expect((await examOf(d, "junior")).durationMinutes).toBe(30);
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!started.ok) throw new Error("not started");
    expect((await attemptForCandidate(d, trainee.id, started.attemptId, at(1))).deadlineAt).toBe(at(30).toISOString());
    const entries = await d.select().from(auditLog).where(eq(auditLog.action, "exam.parameters"));
    expect(entries.at(-1)).toMatchObject({
      targetId: "junior",
      before: { durationMinutes: 60 },
      after: { durationMinutes: 30, passPercent: 70 },
    });
    const learner = await actorFor(d, trainee.id);
    await expect(
      updateExamParameters(d, learner, "junior", {
        durationMinutes: 600,
        passPercent: 1,
        attemptLimit: 20,
        waitHoursBetweenAttempts: 0,
        review: "score",
      }),
    ).rejects.toMatchObject({ status: 403 });
    // Restore the fixture's parameters for the other tests of this file.
    await updateExamParameters(d, admin, "junior", {
      durationMinutes: 60,
      passPercent: 60,
      attemptLimit: 2,
      waitHoursBetweenAttempts: 24,
      review: "score",
    });
  });
});
