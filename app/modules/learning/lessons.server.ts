import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { enrolments, lessonProgress } from "#db/schema";
import { currentLessons, lessonPageReads, levelConfigOf, liveCourseIds } from "~/modules/content/index.server";
import { forbidden, notFound } from "~/utils/errors.server";
import type { HeldLevels } from "./path.server";

// The lesson page is the hottest page of the app: learning's one read is prepared once per database
// handle and runs beside content's (bench/: building a query costs ~0.3 ms of CPU).
const enrolledIn = preparedFor((db) =>
  db
    .select({ id: enrolments.id })
    .from(enrolments)
    .innerJoin(liveCourseIds, eq(liveCourseIds.id, enrolments.courseId))
    .where(and(eq(enrolments.userId, sql.placeholder("userId")), eq(liveCourseIds.slug, sql.placeholder("courseSlug"))))
    .prepare("lesson_page_enrolled"),
);

/**
 * A lesson for reading, without the self-check answers. Opening it records the visit (for "continue
 * where I stopped") and restarts the server's clock that heartbeats are measured against.
 */
export async function openLesson(
  db: DbOrTx,
  userId: string,
  courseSlug: string,
  lessonSlug: string,
  heldLevels: HeldLevels,
  now = new Date(),
) {
  const [[found, outline, current], enrolledRows, held] = await Promise.all([
    lessonPageReads(db, courseSlug, lessonSlug, userId),
    enrolledIn(db).execute({ userId, courseSlug }),
    heldLevels,
  ]);
  if (!found) throw notFound();
  const course = { ...found, enrolled: enrolledRows.length > 0 };
  if (course.levelConfig.prerequisites.some((p) => !held.has(p.level))) throw forbidden("learn.levelLocked");
  const index = outline.findIndex((l) => l.slug === lessonSlug);
  if (index < 0 || !current) throw notFound();
  if (!course.enrolled) return { enrolled: false as const, course };
  const [progress] = await db
    .insert(lessonProgress)
    .values({ userId, lessonId: current.lessonId, startedAt: now, lastVisitedAt: now, lastBeatAt: now })
    .onConflictDoUpdate({
      target: [lessonProgress.userId, lessonProgress.lessonId],
      set: { lastVisitedAt: now, lastBeatAt: now },
    })
    .returning({ secondsSpent: lessonProgress.secondsSpent, completedAt: lessonProgress.completedAt });
  const { selfCheck, ...version } = current;
  const neighbour = (i: number) => {
    const l = outline[i];
    return l ? { slug: l.slug, titleZh: l.titleZh, titleEn: l.titleEn } : null;
  };
  return {
    enrolled: true as const,
    course,
    lesson: {
      id: version.lessonId,
      slug: lessonSlug,
      titleZh: version.titleZh,
      titleEn: version.titleEn,
      minutes: version.minutes,
      bodyHtml: version.bodyHtml,
      version: version.version,
      // Questions and options only: answers and explanations stay on the server until answered.
      selfCheck: selfCheck.map((q) => ({ question: q.question, options: q.options })),
    },
    progress: { seconds: progress?.secondsSpent ?? 0, completed: !!progress?.completedAt },
    previous: neighbour(index - 1),
    next: neighbour(index + 1),
    position: index + 1,
    total: outline.length,
  };
}

async function lessonOf(db: DbOrTx, userId: string, lessonId: string) {
  const [row] = await db
    .select({
      id: currentLessons.id,
      minutes: currentLessons.minutes,
      selfCheck: currentLessons.selfCheck,
      levelSlug: currentLessons.levelSlug,
      enrolled: sql<boolean>`exists (select 1 from enrolments e where e.course_id = ${currentLessons.courseId} and e.user_id = ${userId})`,
    })
    .from(currentLessons)
    .where(and(eq(currentLessons.id, lessonId), isNull(currentLessons.retiredAt)));
  if (!row || !row.enrolled) throw notFound();
  return row;
}

/**
 * Adds active study time from a browser heartbeat, capped by the server: never more than the time
 * since the last accepted beat (or the page view), and never past the lesson's estimate times the
 * configured multiple. Returns the seconds actually added.
 */
export async function recordHeartbeat(
  db: DbOrTx,
  input: { userId: string; lessonId: string; seconds: number; now?: Date },
): Promise<{ added: number; total: number }> {
  const now = input.now ?? new Date();
  const lesson = await lessonOf(db, input.userId, input.lessonId);
  const config = await levelConfigOf(db, lesson.levelSlug);
  const multiple = config?.studyTime.maxMultipleOfEstimate ?? 1;
  const maxSeconds = Math.round(lesson.minutes * 60 * multiple);
  const claimed = Math.max(0, Math.floor(input.seconds));
  // The cap is applied in the UPDATE itself, so two tabs beating at once cannot both spend the
  // same elapsed time; `before` only serves to report what was added.
  const [before] = await db
    .select({ seconds: lessonProgress.secondsSpent })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, input.userId), eq(lessonProgress.lessonId, input.lessonId)));
  if (!before) throw notFound();
  const [after] = await db
    .update(lessonProgress)
    .set({
      secondsSpent: sql`${lessonProgress.secondsSpent} + least(
        ${claimed}::int,
        greatest(0, floor(extract(epoch from (${now.toISOString()}::timestamptz - ${lessonProgress.lastBeatAt}))))::int,
        greatest(0, ${maxSeconds}::int - ${lessonProgress.secondsSpent}))`,
      lastBeatAt: sql`greatest(${lessonProgress.lastBeatAt}, ${now.toISOString()}::timestamptz)`,
    })
    .where(and(eq(lessonProgress.userId, input.userId), eq(lessonProgress.lessonId, input.lessonId)))
    .returning({ seconds: lessonProgress.secondsSpent });
  return { added: (after?.seconds ?? 0) - before.seconds, total: after?.seconds ?? 0 };
}

export async function completeLesson(db: DbOrTx, userId: string, lessonId: string, now = new Date()) {
  await lessonOf(db, userId, lessonId);
  await db
    .update(lessonProgress)
    .set({ completedAt: sql`coalesce(${lessonProgress.completedAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, lessonId)));
}

/** Checks one self-check answer on the server; only then are the answer and explanation revealed. */
export async function answerSelfCheck(
  db: DbOrTx,
  input: { userId: string; lessonId: string; question: number; choice: number },
) {
  const lesson = await lessonOf(db, input.userId, input.lessonId);
  const question = lesson.selfCheck[input.question];
  if (!question) throw notFound();
  return {
    question: input.question,
    choice: input.choice,
    correct: question.answer === input.choice,
    answer: question.answer,
    explanation: question.explanation,
  };
}
