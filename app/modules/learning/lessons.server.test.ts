import { beforeAll, describe, expect, test } from "vitest";
import { fixtureFiles, syncFixtureContent } from "../../../tests/setup/content-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { heldLevelsOf } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";
import { answerSelfCheck, completeLesson, openLesson, recordHeartbeat } from "./lessons.server";
import { enrol, learnerOverview } from "./path.server";

// The law course keeps its lessons in order (course.md `sequential: true`); levels.yaml's lesson rule is the
// built-in default: half the estimate studied and the self-check answered.
const files = fixtureFiles();
files["content/courses/junior/law/course.md"] = files["content/courses/junior/law/course.md"]!.replace(
  "objectives:",
  "sequential: true\nobjectives:",
);
beforeAll(() => syncFixtureContent(files));

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
    await answerSelfCheck(d, { userId: trainee.id, lessonId: lesson.id, question: 0, choice: 1 });
    expect(await completeLesson(d, trainee.id, lesson.id)).toEqual({ ok: true });
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
    await studyEnough(trainee.id, lesson.id, 0, 10);
    expect(await completeLesson(d, trainee.id, lesson.id, { now: at(700) })).toEqual({ ok: true });
    const second = await openLesson(d, trainee.id, "law", "rewards", heldLevelsOf(d, trainee.id), at(1000));
    if (!second.enrolled) throw new Error("not enrolled");
    await studyEnough(trainee.id, second.lesson.id, 1000, 20);
    expect(await completeLesson(d, trainee.id, second.lesson.id)).toEqual({ ok: true });
    const junior = (await learnerOverview(d, trainee.id, heldLevelsOf(d, trainee.id))).levels.find(
      (l) => l.slug === "junior",
    )!.status;
    expect(junior.coursesCompleted).toBe(1);
  });
});

/** Half the estimate in heartbeats (from `from` seconds after t0) and the self-check answered. */
async function studyEnough(userId: string, lessonId: string, from: number, minutes: number) {
  const d = await db();
  for (let s = 300; s <= minutes * 30; s += 300)
    await recordHeartbeat(d, { userId, lessonId, seconds: 300, now: at(from + s) });
  await answerSelfCheck(d, { userId, lessonId, question: 0, choice: 0 });
}

describe("the lesson completion rule", () => {
  test("at once after opening: refused with the time still to study and the self-check", async () => {
    const { d, trainee, lesson } = await studying();
    // The fixture lesson is estimated at 10 minutes: half is 300 s.
    expect(await completeLesson(d, trainee.id, lesson.id, { now: at(1) })).toEqual({
      ok: false,
      blockers: [
        { kind: "time", secondsLeft: 300, minutesLeft: 5 },
        { kind: "selfCheck", unanswered: 1 },
      ],
    });
    const overview = await learnerOverview(d, trainee.id, heldLevelsOf(d, trainee.id));
    expect(overview.progress.find((p) => p.slug === "law")).toMatchObject({ lessonsCompleted: 0 });
  });

  test("a wrong answer counts as answered; the time is what the heartbeats brought", async () => {
    const { d, trainee, lesson } = await studying();
    await answerSelfCheck(d, { userId: trainee.id, lessonId: lesson.id, question: 0, choice: 0 });
    await recordHeartbeat(d, { userId: trainee.id, lessonId: lesson.id, seconds: 200, now: at(200) });
    expect(await completeLesson(d, trainee.id, lesson.id)).toEqual({
      ok: false,
      blockers: [{ kind: "time", secondsLeft: 100, minutesLeft: 2 }],
    });
    await recordHeartbeat(d, { userId: trainee.id, lessonId: lesson.id, seconds: 100, now: at(300) });
    expect(await completeLesson(d, trainee.id, lesson.id)).toEqual({ ok: true });
  });

  test("the page shows the same blockers, and none once the lesson is complete", async () => {
    const { d, trainee } = await studying();
    const again = await openLesson(d, trainee.id, "law", "five-ways", heldLevelsOf(d, trainee.id), at(2));
    if (!again.enrolled) throw new Error("not enrolled");
    expect(again.blockers.map((b) => b.kind)).toEqual(["time", "selfCheck"]);
    await studyEnough(trainee.id, again.lesson.id, 2, 10);
    await completeLesson(d, trainee.id, again.lesson.id);
    const done = await openLesson(d, trainee.id, "law", "five-ways", heldLevelsOf(d, trainee.id), at(900));
    expect(done.enrolled && done.blockers).toEqual([]);
  });

  test("a course in order refuses a later lesson until the earlier one is complete", async () => {
    const { d, trainee, lesson } = await studying();
    const second = await openLesson(d, trainee.id, "law", "rewards", heldLevelsOf(d, trainee.id), at(0));
    if (!second.enrolled) throw new Error("not enrolled");
    await studyEnough(trainee.id, second.lesson.id, 0, 20);
    const refused = await completeLesson(d, trainee.id, second.lesson.id);
    expect(refused).toEqual({
      ok: false,
      blockers: [{ kind: "order", lesson: { slug: "five-ways", titleZh: "五种方式", titleEn: "五种方式 (en)" } }],
    });
    await studyEnough(trainee.id, lesson.id, 1000, 10);
    expect(await completeLesson(d, trainee.id, lesson.id)).toEqual({ ok: true });
    expect(await completeLesson(d, trainee.id, second.lesson.id)).toEqual({ ok: true });
  });

  test("a deployment's override of the share (browser tests) replaces levels.yaml's", async () => {
    const { d, trainee, lesson } = await studying();
    await answerSelfCheck(d, { userId: trainee.id, lessonId: lesson.id, question: 0, choice: 1 });
    expect(
      await completeLesson(d, trainee.id, lesson.id, { now: at(1), ruleOverride: { minShareOfEstimate: 0 } }),
    ).toEqual({ ok: true });
  });
});
