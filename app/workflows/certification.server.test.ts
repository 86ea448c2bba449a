import { beforeAll, describe, expect, test } from "vitest";
import { caseDefences, cohortMembers, cohorts, examAttempts, portfolioCases } from "#db/schema";
import { finishFixtureJuniorStudy, fixtureFiles, syncFixtureContent } from "../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../tests/setup/factories";
import { certificateEligibility, heldLevelsOf, issueCertificate } from "~/modules/certificates/index.server";
import { answerSelfCheck, completeLesson, enrol, openLesson, recordHeartbeat } from "~/modules/learning/index.server";
import { db } from "~/utils/db.server";
import { issueAfterGrading, issueForCohort, issueIfEligible } from "./certification.server";

beforeAll(() => {
  // The intermediate level also asks for one approved portfolio case and a passed case defence.
  const files = fixtureFiles();
  files["content/levels.yaml"] = files["content/levels.yaml"]!.replace(
    "    minStudyHours: 1\n    certificate: { validityYears: 3, renewalHours: 10 }",
    // 0.3 h: the one 10-minute lesson counts at most twice its estimate.
    "    minStudyHours: 0.3\n    certificate: { validityYears: 3, renewalHours: 10, portfolioCases: 1, caseDefence: true }",
  );
  return syncFixtureContent(files);
});

async function taiyuanTrainee() {
  const d = await db();
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
  return { d, region, center, trainee };
}

async function studyValuation(userId: string) {
  const d = await db();
  await enrol(d, userId, "valuation", heldLevelsOf(d, userId));
  const start = new Date(Date.now() - 3 * 3600_000);
  const opened = await openLesson(d, userId, "valuation", "methods", heldLevelsOf(d, userId), start);
  if (!opened.enrolled) throw new Error("not enrolled");
  for (let i = 1; i <= 12; i++)
    await recordHeartbeat(d, {
      userId,
      lessonId: opened.lesson.id,
      seconds: 300,
      now: new Date(start.getTime() + i * 300_000),
    });
  await answerSelfCheck(d, { userId, lessonId: opened.lesson.id, question: 0, choice: 1 });
  expect(await completeLesson(d, userId, opened.lesson.id)).toEqual({ ok: true });
}

const passedJuniorExam = (userId: string, scoreTenths = 80) => ({
  userId,
  levelSlug: "junior",
  status: "submitted" as const,
  startedAt: new Date(),
  deadlineAt: new Date(),
  closedAt: new Date(),
  items: [],
  maxTenths: 100,
  scoreTenths,
  passed: true,
  gradedAt: new Date(),
});

describe("level rules", () => {
  test("each requirement is listed as met or not; the certificate is issued only when all are", async () => {
    const { d, center, trainee } = await taiyuanTrainee();
    const missing = async () =>
      (await certificateEligibility(d, trainee.id, "intermediate"))!.requirements
        .filter((r) => !r.met)
        .map((r) => r.id);
    expect(await missing()).toEqual(["prerequisite", "courses", "hours", "portfolio", "defence"]);
    expect(await issueIfEligible(d, trainee.id, "intermediate")).toMatchObject({
      issued: false,
      reason: "not_eligible",
    });

    await issueCertificate(d, {
      userId: trainee.id,
      levelSlug: "junior",
      centerId: center.id,
      issuedAt: new Date(),
      issuedBy: null,
    });
    await studyValuation(trainee.id);
    expect(await missing()).toEqual(["portfolio", "defence"]);
    await d.insert(portfolioCases).values({
      userId: trainee.id,
      title: "高校专利许可",
      contractType: "licence",
      amountFen: 50_000_000,
      role: "项目经理",
      startedOn: "2025-01-01",
      description: "x".repeat(60),
      status: "approved",
    });
    expect(await missing()).toEqual(["defence"]);
    await d
      .insert(caseDefences)
      .values({ userId: trainee.id, levelSlug: "intermediate", result: "failed", heldOn: "2026-10-01" });
    expect(await missing()).toEqual(["defence"]);
    await d
      .insert(caseDefences)
      .values({ userId: trainee.id, levelSlug: "intermediate", result: "passed", heldOn: "2026-11-01" });
    expect(await missing()).toEqual([]);
    const issued = await issueIfEligible(d, trainee.id, "intermediate");
    expect(issued).toMatchObject({ issued: true });
    expect(await issueIfEligible(d, trainee.id, "intermediate")).toMatchObject({
      issued: false,
      reason: "already_held",
    });
  });

  test("a passed exam with the study done is what the junior level asks", async () => {
    const { d, trainee } = await taiyuanTrainee();
    await finishFixtureJuniorStudy(trainee.id, new Date());
    expect(
      (await certificateEligibility(d, trainee.id, "junior"))!.requirements.filter((r) => !r.met).map((r) => r.id),
    ).toEqual(["exam"]);
    await d.insert(examAttempts).values(passedJuniorExam(trainee.id));
    expect(await issueIfEligible(d, trainee.id, "junior")).toMatchObject({ issued: true });
  });

  test("after grading, only a pass is followed by an issue", async () => {
    const { d, trainee } = await taiyuanTrainee();
    await finishFixtureJuniorStudy(trainee.id, new Date());
    expect(await issueAfterGrading(d, null)).toBeNull();
    expect(await issueAfterGrading(d, { userId: trainee.id, levelSlug: "junior", passed: false })).toBeNull();
    await d.insert(examAttempts).values(passedJuniorExam(trainee.id));
    expect(await issueAfterGrading(d, { userId: trainee.id, levelSlug: "junior", passed: true })).toMatchObject({
      issued: true,
    });
  });
});

describe("issuing for a cohort", () => {
  test("those who meet the rules are issued; the others are told what is missing; repeating changes nothing", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    const ready = await makeUser(d, { role: "trainee", organizationId: center.id });
    const starting = await makeUser(d, { role: "trainee", organizationId: center.id });
    await finishFixtureJuniorStudy(ready.id, new Date());
    await d.insert(examAttempts).values(passedJuniorExam(ready.id, 90));
    const [cohort] = await d
      .insert(cohorts)
      .values({
        centerId: center.id,
        levelSlug: "junior",
        name: "一期",
        startsOn: "2026-01-01",
        endsOn: "2026-06-30",
        capacity: 10,
      })
      .returning();
    await d.insert(cohortMembers).values([ready, starting].map((u) => ({ cohortId: cohort!.id, userId: u.id })));
    const results = await issueForCohort(d, staff, center.id, cohort!.id);
    expect(results.find((r) => r.userId === ready.id)!.outcome).toMatchObject({ issued: true });
    expect(results.find((r) => r.userId === starting.id)!.outcome).toEqual({
      issued: false,
      reason: "not_eligible",
      missing: ["courses", "hours", "exam"],
    });
    const again = await issueForCohort(d, staff, center.id, cohort!.id);
    expect(again.find((r) => r.userId === ready.id)!.outcome).toMatchObject({ issued: false, reason: "already_held" });
    const otherStaff = await actorFor(
      d,
      (await makeUser(d, { role: "center_staff", organizationId: (await makeOrganization(d, region.id)).id })).id,
    );
    await expect(issueForCohort(d, otherStaff, center.id, cohort!.id)).rejects.toMatchObject({ status: 403 });
  });
});
