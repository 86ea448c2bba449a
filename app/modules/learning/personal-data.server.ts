import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { enrolments, lessonProgress, priorQualifications } from "#db/schema";

/** A person's study as kept: enrolments, progress per lesson, prior qualifications staff recorded. */
export async function studyDataOf(db: DbOrTx, userId: string) {
  const [enrolled, progress, prior] = await Promise.all([
    db
      .select({ courseId: enrolments.courseId, createdAt: enrolments.createdAt })
      .from(enrolments)
      .where(eq(enrolments.userId, userId)),
    db
      .select({
        lessonId: lessonProgress.lessonId,
        startedAt: lessonProgress.startedAt,
        lastVisitedAt: lessonProgress.lastVisitedAt,
        secondsSpent: lessonProgress.secondsSpent,
        completedAt: lessonProgress.completedAt,
      })
      .from(lessonProgress)
      .where(eq(lessonProgress.userId, userId)),
    db
      .select({
        levelSlug: priorQualifications.levelSlug,
        note: priorQualifications.note,
        createdAt: priorQualifications.createdAt,
      })
      .from(priorQualifications)
      .where(eq(priorQualifications.userId, userId)),
  ]);
  return { enrolments: enrolled, lessonProgress: progress, priorQualifications: prior };
}
