import { and, asc, eq, isNull, or, sql, type SQLWrapper } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { courses, lessons, lessonVersions, levels } from "#db/schema";
import { requirePermission, type SessionUser, traineeOfOwnerSql } from "~/modules/orgs/index.server";
import { DEFAULT_LESSON_COMPLETION, type LessonCompletionRule, type LevelConfig } from "./schemas";

/**
 * The catalog as other areas read it (levels, courses, lessons and the versions shown now): read
 * functions, and subqueries to join where a consumer must stay one SQL query (PostgreSQL inlines them).
 */

/** A level's parsed entry of levels.yaml, with the file-wide study-time rule the sync stores beside it. */
export type LevelsConfig = LevelConfig & {
  studyTime: { maxMultipleOfEstimate: number };
  // levels.yaml's top-level lessonCompletion (absent in levels loaded before it existed).
  lessonCompletionDefault?: LessonCompletionRule;
};

/** The lesson completion rule of a level: its own keys over the file-wide default over the built-in one. */
export function lessonCompletionRuleOf(config: LevelsConfig | null | undefined): LessonCompletionRule {
  return { ...DEFAULT_LESSON_COMPLETION, ...config?.lessonCompletionDefault, ...config?.lessonCompletion };
}

/** Joins a lesson to the version it shows now. */
const currentLessonVersion = and(eq(lessonVersions.lessonId, lessons.id), eq(lessonVersions.version, lessons.currentVersion));

// Read on most signed-in pages and twice per exam start: prepared once per database handle (docs/performance.md).
const levelsStatement = preparedFor((db) => db.select().from(levels).orderBy(asc(levels.position)).prepare("load_levels"));

export async function loadLevels(db: DbOrTx) {
  const rows = await levelsStatement(db).execute();
  return rows.map((r) => ({ ...r, config: r.config as LevelsConfig }));
}

/** One level's configuration, or null when no such level is loaded. */
export async function levelConfigOf(db: DbOrTx, levelSlug: string): Promise<LevelsConfig | null> {
  const [level] = await db.select({ config: levels.config }).from(levels).where(eq(levels.slug, levelSlug));
  return (level?.config as LevelsConfig | undefined) ?? null;
}

/**
 * A course the viewer may see: the curriculum's, or an elective of the viewer's own center or region
 * (decided in SQL, so an elective never reaches anyone else's page).
 */
export function courseVisibleTo(viewerId: string | SQLWrapper) {
  return or(
    and(isNull(courses.ownerOrganizationId), isNull(courses.ownerRegionId)),
    traineeOfOwnerSql(viewerId, courses.ownerOrganizationId, courses.ownerRegionId),
  );
}

/** The courses of one level the viewer may see, required ones first (electives last), for the catalog. */
export async function catalogOfLevel(db: DbOrTx, levelSlug: string, viewerId: string) {
  return db
    .select({
      slug: courses.slug,
      module: courses.module,
      titleZh: courses.titleZh,
      titleEn: courses.titleEn,
      summaryZh: courses.summaryZh,
      summaryEn: courses.summaryEn,
      elective: sql<boolean>`(${courses.ownerOrganizationId} is not null or ${courses.ownerRegionId} is not null)`,
    })
    .from(courses)
    .where(and(eq(courses.levelSlug, levelSlug), isNull(courses.retiredAt), courseVisibleTo(viewerId)))
    .orderBy(asc(courses.position), asc(courses.slug));
}

/** A course that is not retired and that the viewer may see, by slug, or null. */
export async function findLiveCourse(db: DbOrTx, slug: string, viewerId: string) {
  const [course] = await db
    .select()
    .from(courses)
    .where(and(eq(courses.slug, slug), isNull(courses.retiredAt), courseVisibleTo(viewerId)));
  return course ?? null;
}

/** Every course that is not retired, in catalog order. */
export async function liveCourses(db: DbOrTx) {
  return db
    .select({ slug: courses.slug, titleZh: courses.titleZh, titleEn: courses.titleEn, levelSlug: courses.levelSlug })
    .from(courses)
    .where(isNull(courses.retiredAt))
    .orderBy(asc(courses.position));
}

/**
 * The live courses of a level a center may teach or name: the curriculum's, and the electives of that center and
 * of its region — never another center's or region's electives.
 */
export async function levelCoursesOfCenter(
  db: DbOrTx,
  levelSlug: string,
  center: { id: string; regionId: string | null },
) {
  return db
    .select({ slug: courses.slug, titleZh: courses.titleZh, titleEn: courses.titleEn, levelSlug: courses.levelSlug })
    .from(courses)
    .where(
      and(
        eq(courses.levelSlug, levelSlug),
        isNull(courses.retiredAt),
        or(
          and(isNull(courses.ownerOrganizationId), isNull(courses.ownerRegionId)),
          eq(courses.ownerOrganizationId, center.id),
          center.regionId ? eq(courses.ownerRegionId, center.regionId) : sql`false`,
        ),
      ),
    )
    .orderBy(asc(courses.position));
}

/** Every course that is not retired with its number of lessons that are not retired. */
export async function courseLessonCounts(db: DbOrTx) {
  return db
    .select({
      id: courses.id,
      slug: courses.slug,
      levelSlug: courses.levelSlug,
      lessonsTotal: sql<number>`(count(${lessons.id}) filter (where ${lessons.retiredAt} is null))::int`,
    })
    .from(courses)
    .leftJoin(lessons, eq(lessons.courseId, courses.id))
    .where(isNull(courses.retiredAt))
    .groupBy(courses.id);
}

/** Courses that are not retired, by id and slug, to join (e.g. enrolments to a course slug). */
export const liveCourseIds = new QueryBuilder()
  .select({ id: courses.id, slug: courses.slug })
  .from(courses)
  .where(isNull(courses.retiredAt))
  .as("live_course_ids");

/** Lessons (retired ones too) with their course, to join progress to: `.innerJoin(lessonCourses, eq(lessonCourses.id, x.lessonId))`. */
export const lessonCourses = new QueryBuilder()
  .select({ id: lessons.id, courseId: lessons.courseId, retiredAt: lessons.retiredAt })
  .from(lessons)
  .as("lesson_courses");

/**
 * Lessons (retired ones too: filter on `retiredAt` / `courseRetiredAt`) with their course and the
 * version they show now. The self-check holds the answers: never send it to a browser as is.
 */
export const currentLessons = new QueryBuilder()
  .select({
    id: lessons.id,
    slug: lessons.slug,
    position: lessons.position,
    retiredAt: lessons.retiredAt,
    courseId: lessons.courseId,
    courseSlug: sql<string>`${courses.slug}`.as("course_slug"),
    courseRetiredAt: sql<Date | null>`${courses.retiredAt}`.as("course_retired_at"),
    courseSequential: sql<boolean>`${courses.sequential}`.as("course_sequential"),
    levelSlug: courses.levelSlug,
    titleZh: lessonVersions.titleZh,
    titleEn: lessonVersions.titleEn,
    minutes: lessonVersions.minutes,
    selfCheck: lessonVersions.selfCheck,
  })
  .from(lessons)
  .innerJoin(courses, eq(courses.id, lessons.courseId))
  .innerJoin(lessonVersions, currentLessonVersion)
  .as("current_lessons");

// The lesson page is the hottest page of the app: its reads are prepared once per database handle
// and run side by side with learning's (bench/: building a query costs ~0.3 ms of CPU).
const lessonPageStatements = preparedFor((db) => {
  const courseSlug = sql.placeholder("courseSlug");
  return {
    course: db
      .select({
        id: courses.id,
        slug: courses.slug,
        titleZh: courses.titleZh,
        titleEn: courses.titleEn,
        levelSlug: courses.levelSlug,
        sequential: courses.sequential,
        levelConfig: levels.config,
      })
      .from(courses)
      .innerJoin(levels, eq(levels.slug, courses.levelSlug))
      .where(and(eq(courses.slug, courseSlug), isNull(courses.retiredAt), courseVisibleTo(sql.placeholder("viewerId"))))
      .prepare("lesson_page_course"),
    outline: db
      .select({
        id: lessons.id,
        slug: lessons.slug,
        titleZh: lessonVersions.titleZh,
        titleEn: lessonVersions.titleEn,
      })
      .from(lessons)
      .innerJoin(courses, eq(courses.id, lessons.courseId))
      .innerJoin(lessonVersions, currentLessonVersion)
      .where(and(eq(courses.slug, courseSlug), isNull(lessons.retiredAt)))
      .orderBy(asc(lessons.position))
      .prepare("lesson_page_outline"),
    version: db
      .select({ version: lessonVersions })
      .from(lessons)
      .innerJoin(courses, eq(courses.id, lessons.courseId))
      .innerJoin(lessonVersions, currentLessonVersion)
      .where(and(eq(courses.slug, courseSlug), eq(lessons.slug, sql.placeholder("lessonSlug")), isNull(lessons.retiredAt)))
      .prepare("lesson_page_version"),
  };
});

/**
 * The lesson page's catalog reads, started together: the course (not retired) with its level's
 * configuration, the course's outline (lessons not retired, in order), and the lesson's current version.
 */
export function lessonPageReads(db: DbOrTx, courseSlug: string, lessonSlug: string, viewerId: string) {
  const statements = lessonPageStatements(db);
  return Promise.all([
    statements.course.execute({ courseSlug, viewerId }).then(([course]) => (course ? { ...course, levelConfig: course.levelConfig as LevelsConfig } : null)),
    statements.outline.execute({ courseSlug }),
    statements.version.execute({ courseSlug, lessonSlug }).then(([row]) => row?.version ?? null),
  ]);
}

/** Every lesson (retired ones too) with the version it shows now, for the platform's content page. */
export async function contentVersions(db: DbOrTx, actor: Pick<SessionUser, "id" | "memberships">) {
  requirePermission(actor, "admin:platform");
  const rows = await db
    .select({
      courseSlug: courses.slug,
      courseTitleZh: courses.titleZh,
      courseTitleEn: courses.titleEn,
      levelSlug: courses.levelSlug,
      courseRetiredAt: courses.retiredAt,
      lessonSlug: lessons.slug,
      position: lessons.position,
      version: lessons.currentVersion,
      lessonRetiredAt: lessons.retiredAt,
      titleZh: lessonVersions.titleZh,
      titleEn: lessonVersions.titleEn,
      loadedAt: lessonVersions.loadedAt,
    })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .innerJoin(lessonVersions, currentLessonVersion)
    .orderBy(asc(courses.levelSlug), asc(courses.position), asc(lessons.position));
  return rows;
}
