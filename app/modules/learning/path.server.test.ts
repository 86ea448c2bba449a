import { beforeAll, describe, expect, test } from "vitest";
import { finishFixtureJuniorStudy, syncFixtureContent } from "../../../tests/setup/content-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { heldLevelsOf } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";
import { openLesson, recordHeartbeat } from "./lessons.server";
import { enrol, learnerOverview, levelStatusOf } from "./path.server";

beforeAll(() => syncFixtureContent());

describe("locked levels", () => {
  test("a level whose prerequisite is not held is locked and its courses cannot be joined", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    const intermediate = (await learnerOverview(d, trainee.id, heldLevelsOf(d, trainee.id))).levels.find(
      (l) => l.slug === "intermediate",
    )!.status;
    expect(intermediate).toMatchObject({ locked: true, missingPrerequisites: ["junior"] });
    expect(await enrol(d, trainee.id, "valuation", heldLevelsOf(d, trainee.id))).toEqual({
      ok: false,
      message: "learn.levelLocked",
    });
    await expect(openLesson(d, trainee.id, "valuation", "methods", heldLevelsOf(d, trainee.id))).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe("one level's status", () => {
  test("what an exam start checks agrees with the learner's path, before, during and after the study", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    // Every level, read alone as a start reads it, against the path's statuses (courses, hours, prerequisites).
    const junior = async () => {
      const held = await heldLevelsOf(d, trainee.id);
      const { levels } = await learnerOverview(d, trainee.id, held);
      for (const level of levels) expect(await levelStatusOf(d, trainee.id, level.config, held)).toEqual(level.status);
      return levels.find((l) => l.slug === "junior")!.status;
    };
    expect(await junior()).toMatchObject({ studyComplete: false, lessonsCompleted: 0, seconds: 0 });

    await enrol(d, trainee.id, "law", heldLevelsOf(d, trainee.id));
    const earlier = new Date(Date.now() - 5 * 3600_000);
    const opened = await openLesson(d, trainee.id, "law", "five-ways", heldLevelsOf(d, trainee.id), earlier);
    if (!opened.lesson) throw new Error("lesson not opened");
    const now = new Date(earlier.getTime() + 60_000);
    await recordHeartbeat(d, { userId: trainee.id, lessonId: opened.lesson.id, seconds: 60, now });
    expect(await junior()).toMatchObject({ studyComplete: false, lessonsCompleted: 0, seconds: 60 });

    await finishFixtureJuniorStudy(trainee.id, new Date());
    expect(await junior()).toMatchObject({ studyComplete: true, coursesCompleted: 1 });
  });
});
