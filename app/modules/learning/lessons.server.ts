import { and, asc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { enrolments, lessonProgress } from "#db/schema";
import {
  currentLessons,
  lessonCompletionRuleOf,
  lessonPageReads,
  levelConfigOf,
  liveCourseIds,
} from "~/modules/content/index.server";
import type { LessonCompletionRule } from "~/modules/content";
import { forbidden, notFound } from "~/utils/errors.server";
import { type CompletionBlocker, completionBlockers } from "./completion-rule";
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
  ruleOverride: Partial<LessonCompletionRule> = {},
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
    .returning({
      secondsSpent: lessonProgress.secondsSpent,
      completedAt: lessonProgress.completedAt,
      selfCheckAnswered: lessonProgress.selfCheckAnswered,
    });
  const { selfCheck, ...version } = current;
  const blockers = progress?.completedAt
    ? []
    : completionBlockers({
        rule: { ...lessonCompletionRuleOf(course.levelConfig), ...ruleOverride },
        minutes: version.minutes,
        secondsSpent: progress?.secondsSpent ?? 0,
        selfCheckCount: selfCheck.length,
        selfCheckAnswered: progress?.selfCheckAnswered ?? [],
        sequential: course.sequential,
        firstEarlierIncomplete: course.sequential ? await firstIncomplete(db, userId, outline.slice(0, index)) : null,
      });
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
    // What the completion rule still asks for, as of opening the page (the server checks again on completion).
    blockers,
    previous: neighbour(index - 1),
    next: neighbour(index + 1),
    position: index + 1,
    total: outline.length,
  };
}

/** The first of these lessons (in order) the person has not completed, or null. */
async function firstIncomplete<L extends { id: string; slug: string; titleZh: string; titleEn: string }>(
  db: DbOrTx,
  userId: string,
  lessons: readonly L[],
) {
  if (!lessons.length) return null;
  const done = await db
    .select({ lessonId: lessonProgress.lessonId })
    .from(lessonProgress)
    .where(
      and(
        eq(lessonProgress.userId, userId),
        inArray(
          lessonProgress.lessonId,
          lessons.map((l) => l.id),
        ),
        isNotNull(lessonProgress.completedAt),
      ),
    );
  const completed = new Set(done.map((d) => d.lessonId));
  const first = lessons.find((l) => !completed.has(l.id));
  return first ? { slug: first.slug, titleZh: first.titleZh, titleEn: first.titleEn } : null;
}

async function lessonOf(db: DbOrTx, userId: string, lessonId: string) {
  const [row] = await db
    .select({
      id: currentLessons.id,
      courseId: currentLessons.courseId,
      courseSequential: currentLessons.courseSequential,
      position: currentLessons.position,
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

export type CompleteLessonResult = { ok: true } | { ok: false; blockers: CompletionBlocker[] };

/**
 * Marks a lesson complete when the level's completion rule (levels.yaml `lessonCompletion`) and the
 * course's order allow it; otherwise says what is missing. Completing it again changes nothing.
 */
export async function completeLesson(
  db: DbOrTx,
  userId: string,
  lessonId: string,
  // ruleOverride: a deployment's setting in place of levels.yaml's (LESSON_MIN_SHARE_OF_ESTIMATE, for browser tests).
  { now = new Date(), ruleOverride = {} }: { now?: Date; ruleOverride?: Partial<LessonCompletionRule> } = {},
): Promise<CompleteLessonResult> {
  const lesson = await lessonOf(db, userId, lessonId);
  const [[progress], config, earlier] = await Promise.all([
    db
      .select({
        secondsSpent: lessonProgress.secondsSpent,
        selfCheckAnswered: lessonProgress.selfCheckAnswered,
        completedAt: lessonProgress.completedAt,
      })
      .from(lessonProgress)
      .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, lessonId))),
    levelConfigOf(db, lesson.levelSlug),
    // The lessons before this one, only where the course keeps them in order.
    lesson.courseSequential
      ? db
          .select({
            id: currentLessons.id,
            slug: currentLessons.slug,
            titleZh: currentLessons.titleZh,
            titleEn: currentLessons.titleEn,
          })
          .from(currentLessons)
          .where(
            and(
              eq(currentLessons.courseId, lesson.courseId),
              isNull(currentLessons.retiredAt),
              sql`${currentLessons.position} < ${lesson.position}`,
            ),
          )
          .orderBy(asc(currentLessons.position))
      : [],
  ]);
  if (progress?.completedAt) return { ok: true };
  const sequential = lesson.courseSequential;
  const blockers = completionBlockers({
    rule: { ...lessonCompletionRuleOf(config), ...ruleOverride },
    minutes: lesson.minutes,
    secondsSpent: progress?.secondsSpent ?? 0,
    selfCheckCount: lesson.selfCheck.length,
    selfCheckAnswered: progress?.selfCheckAnswered ?? [],
    sequential,
    firstEarlierIncomplete: await firstIncomplete(db, userId, earlier),
  });
  if (blockers.length) return { ok: false, blockers };
  await db
    .insert(lessonProgress)
    .values({ userId, lessonId, startedAt: now, lastVisitedAt: now, lastBeatAt: now, completedAt: now })
    .onConflictDoUpdate({
      target: [lessonProgress.userId, lessonProgress.lessonId],
      set: { completedAt: sql`coalesce(${lessonProgress.completedAt}, ${now.toISOString()}::timestamptz)` },
    });
  return { ok: true };
}

/** Checks one self-check answer on the server; only then are the answer and explanation revealed. */
export async function answerSelfCheck(
  db: DbOrTx,
  input: { userId: string; lessonId: string; question: number; choice: number },
) {
  const lesson = await lessonOf(db, input.userId, input.lessonId);
  const question = lesson.selfCheck[input.question];
  if (!question) throw notFound();
  // Remembered (right or wrong) for the completion rule; one statement, so two tabs cannot lose an answer.
  await db
    .update(lessonProgress)
    .set({
      selfCheckAnswered: sql`case when ${input.question}::int = any(${lessonProgress.selfCheckAnswered})
        then ${lessonProgress.selfCheckAnswered}
        else array_append(${lessonProgress.selfCheckAnswered}, ${input.question}::int) end`,
    })
    .where(and(eq(lessonProgress.userId, input.userId), eq(lessonProgress.lessonId, input.lessonId)));
  return {
    question: input.question,
    choice: input.choice,
    correct: question.answer === input.choice,
    answer: question.answer,
    explanation: question.explanation,
  };
}
