import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { examAttempts } from "#db/schema";
import { seededRandom } from "~/modules/content";
import { finishFixtureJuniorStudy, openFixtureSession, syncFixtureContent } from "../../../tests/setup/content-fixture";
import { at, noneHeld, sitting, t0 } from "../../../tests/setup/exam-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { submitAttempt } from "./close.server";
import { saveAnswer } from "./sitting.server";
import { startAttempt } from "./start.server";

beforeAll(() => syncFixtureContent());

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
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0, random: seededRandom(5) });
    if (!started.ok) throw new Error("not started");
    const { attempt, find } = await sitting(d, trainee.id, started.attemptId, at(1));
    const essay = find("essay");
    await saveAnswer(d, {
      userId: trainee.id,
      attemptId: started.attemptId,
      item: essay.index,
      part: 0,
      response: "先履行决策程序，再评估定价。",
      seq: 1,
      now: at(2),
    });
    await submitAttempt(d, trainee.id, started.attemptId, at(3));
    expect(attempt.items).toHaveLength(6);

    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    const outsider = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    const queue = await gradingQueue(d, staff, center.id);
    expect(queue.map((q) => [q.item, q.part, q.maxTenths])).toEqual(expect.arrayContaining([[essay.index, 0, 100]]));
    expect(queue.find((q) => q.item === essay.index)).toMatchObject({
      response: "先履行决策程序，再评估定价。",
      rubric: expect.stringContaining("决策程序"),
    });
    expect(await gradingQueue(d, outsider, other.id)).toEqual([]);
    await expect(gradingQueue(d, outsider, center.id)).rejects.toMatchObject({ status: 403 });
    await expect(
      gradeEssay(d, outsider, {
        centerId: other.id,
        attemptId: started.attemptId,
        item: essay.index,
        part: 0,
        points: 10,
        comment: "",
      }),
    ).rejects.toMatchObject({ status: 404 });

    expect(
      await gradeEssay(d, staff, {
        centerId: center.id,
        attemptId: started.attemptId,
        item: essay.index,
        part: 0,
        points: 11,
        comment: "",
      }),
    ).toEqual({ ok: false, field: "points", message: "validation.points.range" });
    const results = [];
    for (const entry of queue)
      results.push(
        await gradeEssay(d, staff, {
          centerId: center.id,
          attemptId: entry.attemptId,
          item: entry.item,
          part: entry.part,
          points: entry.maxTenths / 10,
          comment: "要点齐全",
        }),
      );
    expect(results.at(-1)).toEqual({
      ok: true,
      final: true,
      graded: { attemptId: started.attemptId, userId: trainee.id, levelSlug: "junior", passed: true },
    });
    const [row] = await d.select().from(examAttempts).where(eq(examAttempts.id, started.attemptId));
    // Only the written answers, at full marks: 10 + 6 of 21 points = 76 %, above the 60 % pass mark.
    expect(row).toMatchObject({ pendingEssays: 0, scoreTenths: 160, passed: true });
    expect(row!.gradedAt).not.toBeNull();
  });
});
