import { beforeAll, describe, expect, test } from "vitest";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { heldLevelsOf } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";
import { answerSelfCheck, completeLesson, openLesson, recordHeartbeat } from "./lessons.server";
import { enrol, learnerOverview } from "./path.server";

beforeAll(() => syncFixtureContent());

const t0 = new Date("2026-05-01T08:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

async function studying() {
  const d = await db();
  const trainee = await makeUser(d, { role: "trainee" });
  await enrol(d, trainee.id, "law", heldLevelsOf(d, trainee.id));
  const opened = await openLesson(d, trainee.id, "law", "five-ways", heldLevelsOf(d, trainee.id), t0);
  if (!opened.enrolled) throw new Error("not enrolled");
  return { d, trainee, lesson: opened.lesson };
}

describe("study hours", () => {
  test("a heartbeat counts the active time it reports, when that much time has passed", async () => {
    const { d, trainee, lesson } = await studying();
    expect(await recordHeartbeat(d, { userId: trainee.id, lessonId: lesson.id, seconds: 30, now: at(31) })).toEqual({
      added: 30,
      total: 30,
    });
    expect(await recordHeartbeat(d, { userId: trainee.id, lessonId: lesson.id, seconds: 20, now: at(61) })).toEqual({
      added: 20,
      total: 50,
    });
  });

  test("an inflated heartbeat is cut to the wall-clock time since the last one", async () => {
    const { d, trainee, lesson } = await studying();
    // Claims five minutes five seconds after opening the page.
    expect(await recordHeartbeat(d, { userId: trainee.id, lessonId: lesson.id, seconds: 300, now: at(5) })).toEqual({
      added: 5,
      total: 5,
    });
    // A replay at the same instant adds nothing.
    expect(await recordHeartbeat(d, { userId: trainee.id, lessonId: lesson.id, seconds: 300, now: at(5) })).toEqual({
      added: 0,
      total: 5,
    });
  });

  test("a lesson never counts more than its estimate times the configured multiple", async () => {
    const { d, trainee, lesson } = await studying();
    // The fixture lesson is estimated at 10 minutes with a multiple of 2: at most 1,200 s.
    let total = 0;
    for (let i = 1; i <= 10; i++)
      total = (await recordHeartbeat(d, { userId: trainee.id, lessonId: lesson.id, seconds: 300, now: at(i * 300) }))
        .total;
    expect(total).toBe(1200);
  });

  test("hours tally per course and level and count toward the level's minimum", async () => {
    const { d, trainee, lesson } = await studying();
    for (let i = 1; i <= 4; i++)
      await recordHeartbeat(d, { userId: trainee.id, lessonId: lesson.id, seconds: 300, now: at(i * 300) });
    await completeLesson(d, trainee.id, lesson.id);
    const overview = await learnerOverview(d, trainee.id, heldLevelsOf(d, trainee.id));
    const law = overview.progress.find((p) => p.slug === "law");
    expect(law).toMatchObject({ lessonsTotal: 2, lessonsCompleted: 1, seconds: 1200, enrolled: true });
    const junior = overview.levels.find((l) => l.slug === "junior")!.status;
    // 1,200 s = 0.33 h of the 0.5 h minimum.
    expect(junior).toMatchObject({
      hours: 0.3,
      minHours: 0.5,
      hoursMet: false,
      coursesCompleted: 0,
      studyComplete: false,
    });
    expect(overview.resume).toMatchObject({ courseSlug: "law", lessonSlug: "five-ways" });
  });

  test("a heartbeat for a lesson of a course one is not enrolled in is refused", async () => {
    const { d, lesson } = await studying();
    const stranger = await makeUser(d, { role: "trainee" });
    await expect(recordHeartbeat(d, { userId: stranger.id, lessonId: lesson.id, seconds: 10 })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("lessons and self-checks", () => {
  test("the lesson sent to the page carries no answers or explanations", async () => {
    const { lesson } = await studying();
    expect(JSON.stringify(lesson)).not.toMatch(/answer|explanation|八百四十三/);
    expect(lesson.selfCheck[0]).toEqual({ question: "技术合同有几类？", options: ["三类", "五类", "七类"] });
  });

  test("an answer is checked on the server, which then gives the explanation", async () => {
    const { d, trainee, lesson } = await studying();
    expect(await answerSelfCheck(d, { userId: trainee.id, lessonId: lesson.id, question: 0, choice: 0 })).toMatchObject(
      {
        correct: false,
        answer: 1,
        explanation: expect.stringContaining("八百四十三"),
      },
    );
    expect(await answerSelfCheck(d, { userId: trainee.id, lessonId: lesson.id, question: 0, choice: 1 })).toMatchObject(
      { correct: true },
    );
  });

  test("completing every lesson completes the course", async () => {
    const { d, trainee, lesson } = await studying();
    const second = await openLesson(d, trainee.id, "law", "rewards", heldLevelsOf(d, trainee.id));
    if (!second.enrolled) throw new Error("not enrolled");
    await completeLesson(d, trainee.id, lesson.id);
    await completeLesson(d, trainee.id, second.lesson.id);
    const junior = (await learnerOverview(d, trainee.id, heldLevelsOf(d, trainee.id))).levels.find(
      (l) => l.slug === "junior",
    )!.status;
    expect(junior.coursesCompleted).toBe(1);
  });
});
