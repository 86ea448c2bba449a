import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { examAttempts } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { at, noneHeld, readyTrainee, sitting, t0 } from "../../../tests/setup/exam-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { submitAttempt } from "./close.server";
import { examEligibility } from "./eligibility.server";
import { attemptForCandidate, saveAnswer } from "./sitting.server";
import { startAttempt } from "./start.server";

beforeAll(() => syncFixtureContent());

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

    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!started.ok) throw new Error("not started");
    const tf = (await sitting(d, trainee.id, started.attemptId, at(1))).find("true_false");
    const justAfter = new Date(at(60).getTime() + 1);
    await grantAccommodation(d, staff, {
      centerId: center.id,
      traineeId: trainee.id,
      levelSlug: "junior",
      extraMinutes: 15,
      extraAttempts: 0,
      now: at(10),
    });
    expect((await attemptForCandidate(d, trainee.id, started.attemptId, at(11))).deadlineAt).toBe(at(75).toISOString());
    expect(
      await saveAnswer(d, {
        userId: trainee.id,
        attemptId: started.attemptId,
        item: tf.index,
        part: 0,
        response: true,
        seq: 1,
        now: justAfter,
      }),
    ).toEqual({ ok: true, seq: 1 });
    expect(
      await saveAnswer(d, {
        userId: trainee.id,
        attemptId: started.attemptId,
        item: tf.index,
        part: 0,
        response: false,
        seq: 2,
        now: new Date(at(75).getTime() + 1),
      }),
    ).toEqual({
      ok: false,
      reason: "closed",
      graded: { attemptId: started.attemptId, userId: trainee.id, levelSlug: "junior", passed: null },
    });
  });

  test("two concurrent starts give one attempt", async () => {
    const { d, trainee } = await readyTrainee();
    const [a, b] = await Promise.all([
      startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 }),
      startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 }),
    ]);
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
      const s = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: at(day * 24 * 60) });
      if (!s.ok) throw new Error("not started");
      await submitAttempt(d, trainee.id, s.attemptId, at(day * 24 * 60 + 5));
    }
    expect((await examEligibility(d, trainee.id, "junior", noneHeld, at(4 * 24 * 60))).reasons).toEqual([
      "no_attempts_left",
    ]);
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    await grantAccommodation(d, staff, {
      centerId: center.id,
      traineeId: trainee.id,
      levelSlug: "junior",
      extraMinutes: 0,
      extraAttempts: 1,
    });
    expect((await examEligibility(d, trainee.id, "junior", noneHeld, at(4 * 24 * 60))).reasons).toEqual([]);
    // Another center's staff cannot grant anything to this trainee.
    const other = await makeOrganization(d, region.id);
    const outsider = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    await expect(
      grantAccommodation(d, outsider, {
        centerId: other.id,
        traineeId: trainee.id,
        levelSlug: "junior",
        extraMinutes: 30,
        extraAttempts: 5,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
