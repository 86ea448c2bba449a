import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { contentChanges, courses, lessons, levels, questionTopics } from "#db/schema";
import { type Membership, requirePermission } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";
import { isUuid } from "~/utils/ids";
import type { Failure } from "~/utils/failure";
import type { ContentChangeRow } from "#db/schema";
import { getChange, requireContentAccess, saveDraft } from "./changes.server";
import type { CourseFormValues, LessonFormValues, LevelFormValues } from "./curriculum-forms";
import { linesOf } from "./curriculum-forms";
import { courseForEditor, type CoursePayload } from "./course-changes.server";
import { levelEntryOf } from "./file-text";
import { lessonForEditor, type LessonPayload } from "./lesson-changes.server";
import type { ExamConfig, LevelConfig } from "./schemas";

type Actor = { id: string; memberships: readonly Membership[] };
type Saved = Promise<{ ok: true; change: ContentChangeRow } | Failure>;

const draftOf = (v: { changeId?: string; revision?: number }) => (v.changeId ? { changeId: v.changeId, revision: v.revision } : {});

/** The levels with their rules now, for the list of levels and exams. */
export async function levelsForEditor(db: DbOrTx, actor: Actor) {
  requireContentAccess(actor);
  const rows = await db.select().from(levels).orderBy(asc(levels.position));
  return rows.map((r) => ({ slug: r.slug, nameZh: r.nameZh, nameEn: r.nameEn, version: r.currentVersion, origin: r.origin, level: levelEntryOf(r.config) as LevelConfig }));
}

/** One level for its editor, with what the form offers: the courses, the other levels, the level's bank topics. */
export async function levelForEditor(db: DbOrTx, actor: Actor, slug: string) {
  requireContentAccess(actor);
  const [row] = await db.select().from(levels).where(eq(levels.slug, slug));
  if (!row) throw notFound();
  const [courseRows, levelRows, topics] = await Promise.all([
    db
      .select({ slug: courses.slug, levelSlug: courses.levelSlug, titleZh: courses.titleZh, titleEn: courses.titleEn })
      .from(courses)
      .where(and(isNull(courses.retiredAt), isNull(courses.ownerOrganizationId), isNull(courses.ownerRegionId)))
      .orderBy(asc(courses.levelSlug), asc(courses.position), asc(courses.slug)),
    db.select({ slug: levels.slug, nameZh: levels.nameZh, nameEn: levels.nameEn }).from(levels).orderBy(asc(levels.position)),
    db
      .select({ topic: questionTopics.topic, titleZh: questionTopics.titleZh, titleEn: questionTopics.titleEn })
      .from(questionTopics)
      .where(and(eq(questionTopics.levelSlug, slug), isNull(questionTopics.retiredAt)))
      .orderBy(asc(questionTopics.topic)),
  ]);
  return {
    slug: row.slug,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    version: row.currentVersion,
    level: levelEntryOf(row.config) as LevelConfig,
    courses: courseRows,
    levels: levelRows.filter((l) => l.slug !== slug),
    topics,
  };
}

/** A draft change of a level's rules from its editor's form: the entry as it is, with the form's values over it. */
export async function saveLevelDraft(db: DbOrTx, actor: Actor, slug: string, v: LevelFormValues): Saved {
  requirePermission(actor, "author:content");
  const [row] = await db.select().from(levels).where(eq(levels.slug, slug));
  if (!row) throw notFound();
  const level = levelEntryOf(row.config) as LevelConfig;
  let exam: ExamConfig | null = level.exam;
  if (exam) {
    const sections = v.sections
      .map((s, i) => ({ form: s, old: exam!.sections[i] }))
      .filter(({ form }) => !form.remove && (form.nameZh || form.nameEn || form.draw))
      .map(({ form, old }) => ({
        // What the form does not show (modules, difficulty) stays as it was.
        ...old,
        name: { zh: form.nameZh ?? "", en: form.nameEn ?? "" },
        draw: form.draw ?? 0,
        types: form.types.length ? (form.types as ExamConfig["sections"][number]["types"]) : undefined,
        topics: form.topics.length ? form.topics : undefined,
      }));
    exam = {
      ...exam,
      durationMinutes: v.durationMinutes ?? exam.durationMinutes,
      passPercent: v.passPercent ?? exam.passPercent,
      attemptLimit: v.attemptLimit ?? exam.attemptLimit,
      waitHoursBetweenAttempts: v.waitHoursBetweenAttempts ?? exam.waitHoursBetweenAttempts,
      review: v.review ?? exam.review,
      sections,
    };
  }
  const payload: { level: LevelConfig } = {
    level: {
      ...level,
      requiredCourses: linesOf(v.requiredCourses),
      minStudyHours: v.minStudyHours,
      prerequisites: v.prerequisites.map((p) => ({ level: p, requires: "certificate" as const })),
      certificate: { ...level.certificate, validityYears: v.validityYears, renewalHours: v.renewalHours, continuingEducationCourses: v.continuingEducationCourses },
      exam,
    },
  };
  return saveDraft(db, actor, { kind: "level", action: "update", targetId: slug, baseVersion: v.baseVersion, payload, ...draftOf(v) });
}

/** The curriculum's courses by level, with their lessons, for the list of courses. */
export async function coursesForEditor(db: DbOrTx, actor: Actor) {
  requireContentAccess(actor);
  return db
    .select({
      id: courses.id,
      slug: courses.slug,
      levelSlug: courses.levelSlug,
      module: courses.module,
      titleZh: courses.titleZh,
      titleEn: courses.titleEn,
      version: courses.currentVersion,
      retired: sql<boolean>`(${courses.retiredAt} is not null)`,
      lessons: sql<number>`(select count(*) from ${lessons} where ${lessons.courseId} = ${courses.id} and ${lessons.retiredAt} is null)::int`,
      pending: sql<number>`(select count(*) from ${contentChanges} where ${contentChanges.kind} = 'course' and ${contentChanges.targetId} = ${courses.id}::text and ${contentChanges.status} in ('draft', 'submitted', 'approved', 'returned'))::int`,
    })
    .from(courses)
    .where(and(isNull(courses.ownerOrganizationId), isNull(courses.ownerRegionId)))
    .orderBy(asc(courses.levelSlug), asc(courses.position), asc(courses.slug));
}

/** A course of the curriculum for its editor (electives are their center's: not found here). */
export async function curriculumCourse(db: DbOrTx, actor: Actor, id: string) {
  requireContentAccess(actor);
  const course = await courseForEditor(db, id);
  if (!course || course.elective) throw notFound();
  return course;
}

export async function saveCourseDraft(db: DbOrTx, actor: Actor, targetId: string | null, v: CourseFormValues): Saved {
  const order = v.lessonSlugs
    .map((slug, i) => ({ slug, position: v.lessonPositions[i] ?? i + 1, i }))
    .sort((a, b) => a.position - b.position || a.i - b.i)
    .map((l) => l.slug);
  const payload = {
    levelSlug: v.levelSlug,
    course: {
      slug: v.slug,
      title: { zh: v.titleZh, en: v.titleEn },
      module: v.module,
      summary: { zh: v.summaryZh, en: v.summaryEn },
      objectives: linesOf(v.objectives),
      ...(v.sequential ? { sequential: true } : {}),
    },
    intro: v.intro,
    ...(targetId && order.length ? { lessonOrder: order } : {}),
  };
  return saveDraft(db, actor, { kind: "course", action: targetId ? "update" : "create", targetId, baseVersion: v.baseVersion, payload, ...draftOf(v) });
}

/** A lesson of a curriculum course for its editor. */
export async function curriculumLesson(db: DbOrTx, actor: Actor, id: string) {
  requireContentAccess(actor);
  const lesson = await lessonForEditor(db, id);
  if (!lesson) throw notFound();
  return lesson;
}

export async function saveLessonDraft(db: DbOrTx, actor: Actor, targetId: string | null, v: LessonFormValues): Saved {
  const selfCheck = v.selfCheck
    .filter((q) => q.question)
    .map((q) => ({ question: q.question ?? "", options: linesOf(q.options), answer: (q.answer ?? 1) - 1, explanation: q.explanation ?? "" }));
  const payload = {
    courseId: v.courseId,
    slug: v.slug,
    lesson: { title: { zh: v.titleZh, en: v.titleEn }, minutes: v.minutes, selfCheck },
    markdown: v.markdown,
  };
  return saveDraft(db, actor, { kind: "lesson", action: targetId ? "update" : "create", targetId, baseVersion: v.baseVersion, payload, ...draftOf(v) });
}

/**
 * An open draft of this kind and target, to reopen it in its editor ("continue editing", or revising a returned
 * change): only its author, while it is a draft or returned. Null otherwise (the editor then opens the current state).
 */
export async function openDraftOf<P>(db: DbOrTx, actor: Actor, changeId: string | null, kind: "level" | "course" | "lesson", targetId: string | null) {
  if (!changeId || !isUuid(changeId)) return null;
  const { change, may } = await getChange(db, actor, changeId);
  if (!may.edit || change.kind !== kind || change.action === "retire" || (change.targetId ?? null) !== targetId) return null;
  return { payload: change.payload as P, changeId: change.id, revision: change.revision, baseVersion: change.baseVersion ?? undefined };
}

/** A course draft's payload as its form's fields (the lesson order as the draft has it). */
export function courseDraftFields<L extends { slug: string }>(payload: CoursePayload, lessonsNow: L[]) {
  if (!("course" in payload)) return null;
  const { course, levelSlug, intro, lessonOrder } = payload;
  const rank = (slug: string) => (lessonOrder ? lessonOrder.indexOf(slug) : -1);
  return {
    slug: course.slug,
    levelSlug,
    module: course.module,
    titleZh: course.title.zh,
    titleEn: course.title.en,
    summaryZh: course.summary.zh,
    summaryEn: course.summary.en,
    objectives: course.objectives,
    sequential: course.sequential ?? false,
    intro,
    lessons: lessonOrder ? [...lessonsNow].sort((a, b) => rank(a.slug) - rank(b.slug)) : lessonsNow,
  };
}

/** A lesson draft's payload as its form's fields. */
export function lessonDraftFields(payload: LessonPayload) {
  if (!("lesson" in payload)) return null;
  return {
    courseId: payload.courseId,
    slug: payload.slug,
    titleZh: payload.lesson.title.zh,
    titleEn: payload.lesson.title.en,
    minutes: payload.lesson.minutes,
    markdown: payload.markdown,
    selfCheck: payload.lesson.selfCheck,
  };
}
