import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { attemptAnswers, auditLog, examAttempts, organizations } from "#db/schema";
import { seededRandom } from "~/modules/content";
import { updateGradingOptions } from "~/modules/orgs/index.server";
import { finishFixtureJuniorStudy, openFixtureSession, syncFixtureContent } from "../../../tests/setup/content-fixture";
import { at, noneHeld, sitting, t0 } from "../../../tests/setup/exam-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { submitAttempt } from "./close.server";
import { gradeEssay, gradingQueue } from "./essay-grading.server";
import { attemptReview } from "./review.server";
import { updateExamParameters } from "./settings.server";
import { saveAnswer } from "./sitting.server";
import { startAttempt } from "./start.server";

beforeAll(() => syncFixtureContent());

/** A center with two graders and a trainee who sat the junior exam: only the written answers are answered. */
async function sat(options: { anonymousMarking?: boolean; secondMarking?: boolean } = {}) {
  const d = await db();
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
  const staff = await Promise.all(
    [0, 1, 2].map(async () => actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id)),
  );
  if (options.anonymousMarking || options.secondMarking)
    await updateGradingOptions(d, staff[0]!, center.id, {
      anonymousMarking: !!options.anonymousMarking,
      secondMarking: !!options.secondMarking,
    });
  await finishFixtureJuniorStudy(trainee.id, t0);
  await openFixtureSession([trainee.id], at(-60), at(24 * 60));
  const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0, random: seededRandom(5) });
  if (!started.ok) throw new Error("not started");
  const { find } = await sitting(d, trainee.id, started.attemptId, at(1));
  const essay = find("essay");
  const kase = find("case");
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
  return { d, center, trainee, staff, attemptId: started.attemptId, essay: essay.index, kase: kase.index };
}

type Sat = Awaited<ReturnType<typeof sat>>;
const mark = (s: Sat, grader: number, item: number, scores: { points?: number; criteria?: number[] }, comment = "") =>
  gradeEssay(s.d, s.staff[grader]!, {
    centerId: s.center.id,
    attemptId: s.attemptId,
    item,
    part: item === s.kase ? 1 : 0,
    ...scores,
    comment,
  });
const attemptRow = async (s: Sat) =>
  (await s.d.select().from(examAttempts).where(eq(examAttempts.id, s.attemptId)))[0]!;

describe("grading written answers", () => {
  test("center staff grade essays against the rubric; the last grade makes the result final; other centers cannot", async () => {
    const s = await sat();
    const other = await makeOrganization(s.d, (await makeRegion(s.d)).id);
    const outsider = await actorFor(s.d, (await makeUser(s.d, { role: "center_staff", organizationId: other.id })).id);
    const { queue, anonymous } = await gradingQueue(s.d, s.staff[0]!, s.center.id);
    expect(anonymous).toBe(false);
    expect(queue.map((q) => [q.item, q.part, q.maxTenths, q.round])).toEqual(
      expect.arrayContaining([
        [s.essay, 0, 100, 1],
        [s.kase, 1, 60, 1],
      ]),
    );
    expect(queue.find((q) => q.item === s.essay)).toMatchObject({
      trainee: s.trainee.name,
      response: "先履行决策程序，再评估定价。",
      rubric: expect.stringContaining("决策程序"),
      criteria: [],
    });
    expect((await gradingQueue(s.d, outsider, other.id)).queue).toEqual([]);
    await expect(gradingQueue(s.d, outsider, s.center.id)).rejects.toMatchObject({ status: 403 });
    await expect(
      gradeEssay(s.d, outsider, {
        centerId: other.id,
        attemptId: s.attemptId,
        item: s.essay,
        part: 0,
        points: 10,
        comment: "",
      }),
    ).rejects.toMatchObject({ status: 404 });

    expect(await mark(s, 0, s.essay, { points: 11 })).toEqual({
      ok: false,
      field: "points",
      message: "validation.points.range",
    });
    expect(await mark(s, 0, s.essay, { points: 10 }, "要点齐全")).toMatchObject({
      ok: true,
      final: false,
      answerFinal: true,
    });
    expect((await attemptRow(s)).passed).toBeNull();
    const last = await mark(s, 0, s.kase, { criteria: [3, 3] }, "要点齐全");
    expect(last).toEqual({
      ok: true,
      final: true,
      answerFinal: true,
      trainee: s.trainee.name,
      graded: { attemptId: s.attemptId, userId: s.trainee.id, levelSlug: "junior", passed: true },
    });
    // Only the written answers, at full marks: 10 + 6 of 21 points = 76 %, above the 60 % pass mark.
    const row = await attemptRow(s);
    expect(row).toMatchObject({ pendingEssays: 0, scoreTenths: 160, passed: true });
    expect(row.gradedAt).not.toBeNull();
    expect((await gradingQueue(s.d, s.staff[1]!, s.center.id)).queue).toEqual([]);
  });

  test("a rubric that lists criteria is scored per criterion: each within its points, the total their sum, shown with the result", async () => {
    const s = await sat();
    const entry = (await gradingQueue(s.d, s.staff[0]!, s.center.id)).queue.find((q) => q.item === s.kase)!;
    expect(entry.criteria).toEqual([
      { name: "入门费", pointsTenths: 30 },
      { name: "提成", pointsTenths: 30 },
    ]);
    const refused = { ok: false, field: "criteria", message: "grading.criteriaRange" };
    expect(await mark(s, 0, s.kase, { criteria: [3] })).toEqual(refused);
    expect(await mark(s, 0, s.kase, { criteria: [3.5, 1] })).toEqual(refused);
    expect(await mark(s, 0, s.kase, { criteria: [1.25, 1] })).toEqual(refused);
    expect(await mark(s, 0, s.kase, { points: 6 })).toEqual(refused);
    expect(await mark(s, 0, s.kase, { criteria: [2.5, 1] }, "提成条款不完整")).toMatchObject({ ok: true });
    const [answer] = await s.d
      .select()
      .from(attemptAnswers)
      .where(
        and(eq(attemptAnswers.attemptId, s.attemptId), eq(attemptAnswers.item, s.kase), eq(attemptAnswers.part, 1)),
      );
    expect(answer).toMatchObject({ pointsTenths: 35, criteriaTenths: [25, 10], comment: "提成条款不完整" });

    // Where the exam shows answers after the window, the candidate sees each criterion's points.
    const admin = await actorFor(s.d, (await makeUser(s.d, { role: "platform_admin" })).id);
    await updateExamParameters(s.d, admin, "junior", {
      durationMinutes: 60,
      passPercent: 60,
      attemptLimit: 2,
      waitHoursBetweenAttempts: 24,
      review: "answers_after_close",
    });
    const review = await attemptReview(s.d, s.trainee.id, s.attemptId, at(25 * 60));
    await updateExamParameters(s.d, admin, "junior", {
      durationMinutes: 60,
      passPercent: 60,
      attemptLimit: 2,
      waitHoursBetweenAttempts: 24,
      review: "score",
    });
    expect(review![s.kase]!.parts[1]).toMatchObject({
      pointsTenths: 35,
      comment: "提成条款不完整",
      criteria: [
        { name: "入门费", maxTenths: 30, tenths: 25 },
        { name: "提成", maxTenths: 30, tenths: 10 },
      ],
    });
  });

  test("anonymous marking: the queue carries a candidate number and no name; the name comes with the saved grade; the option is audited", async () => {
    const s = await sat({ anonymousMarking: true });
    const result = await gradingQueue(s.d, s.staff[0]!, s.center.id);
    expect(result.anonymous).toBe(true);
    expect(result.queue.length).toBe(2);
    for (const entry of result.queue) {
      expect(entry.trainee).toBeNull();
      expect(entry.candidateNumber).toMatch(/^[0-9A-F]{8}$/);
    }
    // Nothing the loader sends to the browser holds the name or the person.
    expect(JSON.stringify(result)).not.toContain(s.trainee.name);
    expect(JSON.stringify(result)).not.toContain(s.trainee.id);
    expect(await mark(s, 0, s.essay, { points: 4 })).toMatchObject({ ok: true, trainee: s.trainee.name });

    const [center] = await s.d.select().from(organizations).where(eq(organizations.id, s.center.id));
    expect(center).toMatchObject({ anonymousMarking: true, secondMarking: false });
    const audits = await s.d
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "organization.grading_options"), eq(auditLog.targetId, s.center.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      before: { anonymousMarking: false, secondMarking: false },
      after: { anonymousMarking: true, secondMarking: false },
    });
    // Only the center's own staff change its options.
    const other = await makeOrganization(s.d, (await makeRegion(s.d)).id);
    const outsider = await actorFor(s.d, (await makeUser(s.d, { role: "center_staff", organizationId: other.id })).id);
    await expect(
      updateGradingOptions(s.d, outsider, s.center.id, { anonymousMarking: false, secondMarking: false }),
    ).rejects.toMatchObject({ status: 403 });
  });

  test("second marking: answers that decide pass or fail are marked again by others; close marks give their mean, far ones a third mark and the median; the result waits", async () => {
    const s = await sat({ secondMarking: true });
    // First marks: 8 + 6 = 14 points against a pass mark of 12.6 — within either answer's points of it.
    expect(await mark(s, 0, s.essay, { points: 8 }, "较好")).toMatchObject({
      ok: true,
      answerFinal: false,
      final: false,
    });
    expect(await mark(s, 0, s.kase, { criteria: [3, 3] })).toMatchObject({
      ok: true,
      answerFinal: false,
      final: false,
    });
    expect(await attemptRow(s)).toMatchObject({ passed: null, pendingEssays: 2 });
    // The first grader is not offered the answers again; another is, blind to the first mark.
    expect((await gradingQueue(s.d, s.staff[0]!, s.center.id)).queue).toEqual([]);
    const second = (await gradingQueue(s.d, s.staff[1]!, s.center.id)).queue;
    expect(second.map((q) => [q.item, q.round])).toEqual(
      expect.arrayContaining([
        [s.essay, 2],
        [s.kase, 2],
      ]),
    );
    expect(JSON.stringify(second)).not.toContain("较好");
    expect(await mark(s, 0, s.essay, { points: 7 })).toEqual({ ok: false, message: "grading.anotherGrader" });

    // 8 and 7 are 1 point apart, within 20 % of 10: the mean, 7.5, stands.
    expect(await mark(s, 1, s.essay, { points: 7 }, "论证略弱")).toMatchObject({
      ok: true,
      answerFinal: true,
      final: false,
    });
    // 6 and 2 are 4 points apart, more than 20 % of 6: a third grader marks.
    expect(await mark(s, 1, s.kase, { criteria: [1, 1] })).toMatchObject({ ok: true, answerFinal: false });
    expect(await attemptRow(s)).toMatchObject({ passed: null, pendingEssays: 1 });
    expect((await gradingQueue(s.d, s.staff[1]!, s.center.id)).queue).toEqual([]);
    expect((await gradingQueue(s.d, s.staff[0]!, s.center.id)).queue).toEqual([]);
    const third = (await gradingQueue(s.d, s.staff[2]!, s.center.id)).queue;
    expect(third.map((q) => [q.item, q.round])).toEqual([[s.kase, 3]]);
    // The median of 6, 2 and 4 is 4 (with the third grader's criteria): 7.5 + 4 = 11.5 < 12.6, failed.
    expect(await mark(s, 2, s.kase, { criteria: [2, 2] })).toMatchObject({
      ok: true,
      final: true,
      answerFinal: true,
      graded: { passed: false },
    });
    expect(await attemptRow(s)).toMatchObject({ passed: false, pendingEssays: 0, scoreTenths: 115 });
    const answers = await s.d.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, s.attemptId));
    expect(answers.find((a) => a.item === s.essay)).toMatchObject({ pointsTenths: 75, comment: "较好\n论证略弱" });
    expect(answers.find((a) => a.item === s.kase && a.part === 1)).toMatchObject({
      pointsTenths: 40,
      criteriaTenths: [20, 20],
    });
    const audits = await s.d.select().from(auditLog).where(eq(auditLog.targetId, s.attemptId));
    expect(audits.filter((a) => a.action === "attempt.grade_essay")).toHaveLength(5);
    expect(audits.filter((a) => a.action === "attempt.essay_settled")).toHaveLength(2);
  });

  test("second marking leaves answers that cannot change pass or fail with their first mark", async () => {
    const s = await sat({ secondMarking: true });
    // First marks 0 + 0: 12.6 points short of the pass mark, more than either answer's points.
    expect(await mark(s, 0, s.essay, { points: 0 })).toMatchObject({ ok: true, answerFinal: false });
    expect(await mark(s, 0, s.kase, { criteria: [0, 0] })).toMatchObject({
      ok: true,
      final: true,
      graded: { passed: false },
    });
    expect((await gradingQueue(s.d, s.staff[1]!, s.center.id)).queue).toEqual([]);
    expect(await attemptRow(s)).toMatchObject({ passed: false, pendingEssays: 0, scoreTenths: 0 });
  });
});
