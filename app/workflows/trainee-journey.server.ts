import type { DbOrTx } from "#db/client";
import { certificateEligibility, certificatesOf, heldLevelsOf } from "~/modules/certificates/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { examsOverview } from "~/modules/exams/index.server";
import { learnerOverview, nextLessonIn } from "~/modules/learning/index.server";
import { journeyNextStep, type LevelFacts, levelNextStep, type NextStep } from "./next-step";

/**
 * The trainee's facts across learning, exams and certificates — the same ones that decide eligibility —
 * and the next step they lead to, per level and overall. Spans areas, so it lives above them.
 */
export async function traineeJourney(db: DbOrTx, userId: string, now = new Date()) {
  const held = await heldLevelsOf(db, userId);
  const [overview, exams, certificates, levelRows] = await Promise.all([
    learnerOverview(db, userId, held),
    examsOverview(db, userId, held, now),
    certificatesOf(db, userId, now),
    loadLevels(db),
  ]);
  const reminderDays =
    (levelRows[0]?.config as { certificates?: { reminderDaysBefore?: number } } | undefined)?.certificates
      ?.reminderDaysBefore ?? 60;
  const facts: LevelFacts[] = await Promise.all(
    overview.levels.map(async (level): Promise<LevelFacts> => {
      const s = level.status;
      const exam = exams.find((e) => e.levelSlug === level.slug);
      const certificate = certificates.find(
        (c) => c.levelSlug === level.slug && (c.status === "valid" || c.status === "expired"),
      );
      const passed = exam?.attempts.some((a) => a.passed === true) ?? false;
      const [nextLesson, eligibility] = await Promise.all([
        s.studyComplete ? null : nextLessonIn(db, userId, s.requiredCourses),
        passed && !certificate ? certificateEligibility(db, userId, level.slug) : null,
      ]);
      return {
        slug: level.slug,
        nameZh: level.nameZh,
        nameEn: level.nameEn,
        missingPrerequisites: s.missingPrerequisites,
        heldByQualification: s.held && !certificate,
        study: {
          lessonsCompleted: s.lessonsCompleted,
          lessonsTotal: s.lessonsTotal,
          seconds: overview.progress
            .filter((p) => s.requiredCourses.includes(p.slug))
            .reduce((n, p) => n + p.seconds, 0),
          studyComplete: s.studyComplete,
        },
        nextLesson,
        exam: exam
          ? {
              passPercent: exam.exam.passPercent,
              attemptsUsed: exam.attemptsUsed,
              attemptLimit: exam.attemptLimit,
              waitUntil: exam.waitUntil,
              attempts: exam.attempts.map((a) => ({
                id: a.id,
                status: a.status,
                startedAt: a.startedAt.toISOString(),
                closedAt: a.closedAt?.toISOString() ?? null,
                deadlineAt: a.deadlineAt.toISOString(),
                scoreTenths: a.scoreTenths,
                maxTenths: a.maxTenths,
                passed: a.passed,
                pendingEssays: a.pendingEssays,
              })),
              sessions: exam.sessions.map(({ id, name, location, opensAt, closesAt }) => ({
                id,
                name,
                location,
                opensAt,
                closesAt,
              })),
            }
          : null,
        certificate: certificate
          ? {
              id: certificate.id,
              code: certificate.code,
              issuedAt: certificate.issuedAt.toISOString(),
              expiresAt: certificate.expiresAt?.toISOString() ?? null,
            }
          : null,
        missingAfterExam: eligibility
          ? eligibility.requirements.filter((r) => !r.met && r.id !== "exam").map((r) => r.id)
          : [],
      };
    }),
  );
  const steps: Record<string, NextStep> = Object.fromEntries(
    facts.map((f) => [f.slug, levelNextStep(f, now, reminderDays)]),
  );
  return { facts, steps, next: journeyNextStep(facts, now, reminderDays), overview, exams };
}
