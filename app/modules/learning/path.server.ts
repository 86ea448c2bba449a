import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { enrolments, lessonProgress } from "#db/schema";
import { attendedClassroomSecondsAt } from "~/modules/cohorts/index.server";
import type { LevelConfig } from "~/modules/content";
import {
  courseLessonCounts,
  currentLessons,
  findLiveCourse,
  lessonCourses,
  loadLevels,
} from "~/modules/content/index.server";
import { notFound } from "~/utils/errors.server";
import { levelStatuses, type CourseProgress, type LevelStatus } from "./level-status";
import { classroomSecondsOf } from "./study-time.server";

/**
 * The levels a person holds: a valid certificate or a recorded equivalent qualification. Learning sits
 * below certificates, so the caller asks certificates (its `heldLevelsOf`) and passes the answer in; a
 * promise lets that read run beside this area's own.
 */
export type HeldLevels = ReadonlySet<string> | PromiseLike<ReadonlySet<string>>;

/**
 * Per person and course of the catalog: lessons, completed lessons, seconds studied, enrolment.
 * Three queries whatever the number of people (staff pages list whole centers).
 */
export async function courseProgressOfMany(db: DbOrTx, userIds: string[]): Promise<Map<string, CourseProgress[]>> {
  const result = new Map<string, CourseProgress[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return result;
  const [catalog, studied, enrolled] = await Promise.all([
    courseLessonCounts(db),
    db
      .select({
        userId: lessonProgress.userId,
        courseId: lessonCourses.courseId,
        completed: sql<number>`(count(${lessonProgress.completedAt}) filter (where ${lessonCourses.retiredAt} is null))::int`,
        // Time on retired lessons still counts: it was studied.
        seconds: sql<number>`coalesce(sum(${lessonProgress.secondsSpent}), 0)::int`,
      })
      .from(lessonProgress)
      .innerJoin(lessonCourses, eq(lessonCourses.id, lessonProgress.lessonId))
      .where(inArray(lessonProgress.userId, userIds))
      .groupBy(lessonProgress.userId, lessonCourses.courseId),
    db
      .select({ userId: enrolments.userId, courseId: enrolments.courseId })
      .from(enrolments)
      .where(inArray(enrolments.userId, userIds)),
  ]);
  for (const userId of userIds) {
    result.set(
      userId,
      catalog.map((course) => {
        const mine = studied.find((s) => s.userId === userId && s.courseId === course.id);
        return {
          slug: course.slug,
          levelSlug: course.levelSlug,
          lessonsTotal: course.lessonsTotal,
          lessonsCompleted: mine?.completed ?? 0,
          seconds: mine?.seconds ?? 0,
          enrolled: enrolled.some((e) => e.userId === userId && e.courseId === course.id),
        };
      }),
    );
  }
  return result;
}

export async function courseProgressOf(db: DbOrTx, userId: string): Promise<CourseProgress[]> {
  return (await courseProgressOfMany(db, [userId])).get(userId) ?? [];
}

// Asked on every exam start and briefing: prepared once per database handle, one statement instead of
// courseProgressOf's three, over the level's required courses only (docs/performance.md).
const requiredCourseProgressStatement = preparedFor((db) => {
  const userId = sql.placeholder("userId");
  return (
    db
      .select({
        slug: currentLessons.courseSlug,
        levelSlug: currentLessons.levelSlug,
        lessonsTotal: sql<number>`(count(*) filter (where ${currentLessons.retiredAt} is null))::int`,
        lessonsCompleted: sql<number>`(count(${lessonProgress.completedAt}) filter (where ${currentLessons.retiredAt} is null))::int`,
        // Time on retired lessons still counts: it was studied.
        seconds: sql<number>`coalesce(sum(${lessonProgress.secondsSpent}), 0)::int`,
        enrolled: sql<boolean>`exists (select 1 from ${enrolments} where ${enrolments.userId} = ${userId} and ${enrolments.courseId} = ${currentLessons.courseId})`,
      })
      .from(currentLessons)
      .leftJoin(lessonProgress, and(eq(lessonProgress.lessonId, currentLessons.id), eq(lessonProgress.userId, userId)))
      // The slugs go as one JSON array: a prepared statement has a fixed number of parameters.
      .where(
        and(
          isNull(currentLessons.courseRetiredAt),
          sql`${currentLessons.courseSlug} in (select jsonb_array_elements_text((${sql.placeholder("slugs")}::text)::jsonb))`,
        ),
      )
      .groupBy(currentLessons.courseId, currentLessons.courseSlug, currentLessons.levelSlug)
      .prepare("required_course_progress")
  );
});

/**
 * One level's status for one person, as levelStatuses gives it: what an exam start and its briefing check. Two
 * prepared reads side by side (the level's required courses, the classroom time at the level) instead of the
 * whole catalog's progress and every level's classroom time.
 */
export async function levelStatusOf(
  db: DbOrTx,
  userId: string,
  level: LevelConfig,
  held: ReadonlySet<string>,
): Promise<LevelStatus> {
  const [progress, classroomSeconds] = await Promise.all([
    requiredCourseProgressStatement(db).execute({ userId, slugs: JSON.stringify(level.requiredCourses) }),
    attendedClassroomSecondsAt(db, userId, level.slug),
  ]);
  return levelStatuses([level], progress, held, new Map([[level.slug, classroomSeconds]]))[0]!;
}

/** The learner's path: every level with its status, and the lesson to continue with. */
export async function learnerOverview(db: DbOrTx, userId: string, heldLevels: HeldLevels) {
  const [levelRows, progress, held, resume, classroom] = await Promise.all([
    loadLevels(db),
    courseProgressOf(db, userId),
    heldLevels,
    lastVisitedLesson(db, userId),
    classroomSecondsOf(db, userId),
  ]);
  const statuses = levelStatuses(
    levelRows.map((l) => l.config),
    progress,
    held,
    classroom,
  );
  return {
    levels: levelRows.map((row, i) => ({
      slug: row.slug,
      nameZh: row.nameZh,
      nameEn: row.nameEn,
      config: row.config,
      status: statuses[i]!,
    })),
    progress,
    resume,
  };
}

export async function lastVisitedLesson(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({
      courseSlug: currentLessons.courseSlug,
      lessonSlug: currentLessons.slug,
      titleZh: currentLessons.titleZh,
      titleEn: currentLessons.titleEn,
      completed: sql<boolean>`${lessonProgress.completedAt} is not null`,
    })
    .from(lessonProgress)
    .innerJoin(currentLessons, eq(currentLessons.id, lessonProgress.lessonId))
    .where(
      and(eq(lessonProgress.userId, userId), isNull(currentLessons.retiredAt), isNull(currentLessons.courseRetiredAt)),
    )
    .orderBy(desc(lessonProgress.lastVisitedAt))
    .limit(1);
  return row ?? null;
}

/** A course that is not retired, with whether its level is locked for someone holding `held`. */
async function openCourse(db: DbOrTx, userId: string, courseSlug: string, heldLevels: HeldLevels) {
  // Another center's elective is as absent as a course that does not exist.
  const [course, levelRows, held] = await Promise.all([
    findLiveCourse(db, courseSlug, userId),
    loadLevels(db),
    heldLevels,
  ]);
  if (!course) throw notFound();
  const level = levelRows.find((l) => l.slug === course.levelSlug);
  const locked = level ? level.config.prerequisites.some((p) => !held.has(p.level)) : true;
  return { course, locked };
}

/** A course page for a learner: the course, its lessons with progress, and whether it is open. */
export async function courseForLearner(db: DbOrTx, userId: string, courseSlug: string, heldLevels: HeldLevels) {
  const { course, locked } = await openCourse(db, userId, courseSlug, heldLevels);
  const [lessonRows, enrolled] = await Promise.all([
    db
      .select({
        slug: currentLessons.slug,
        position: currentLessons.position,
        titleZh: currentLessons.titleZh,
        titleEn: currentLessons.titleEn,
        minutes: currentLessons.minutes,
        seconds: sql<number>`coalesce(${lessonProgress.secondsSpent}, 0)`,
        completed: sql<boolean>`${lessonProgress.completedAt} is not null`,
      })
      .from(currentLessons)
      .leftJoin(lessonProgress, and(eq(lessonProgress.lessonId, currentLessons.id), eq(lessonProgress.userId, userId)))
      .where(and(eq(currentLessons.courseId, course.id), isNull(currentLessons.retiredAt)))
      .orderBy(asc(currentLessons.position)),
    db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, course.id)))
      .then((r) => r.length > 0),
  ]);
  return { course, lessons: lessonRows, enrolled, locked };
}

export type EnrolResult = { ok: true } | { ok: false; message: "learn.levelLocked" };

/** Enrolling is idempotent; a course of a locked level cannot be joined. */
export async function enrol(
  db: DbOrTx,
  userId: string,
  courseSlug: string,
  heldLevels: HeldLevels,
): Promise<EnrolResult> {
  const { course, locked } = await openCourse(db, userId, courseSlug, heldLevels);
  if (locked) return { ok: false, message: "learn.levelLocked" };
  await db.insert(enrolments).values({ userId, courseId: course.id }).onConflictDoNothing();
  return { ok: true };
}
