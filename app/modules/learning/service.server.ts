import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import {
  certificates,
  courses,
  enrolments,
  lessonProgress,
  lessons,
  lessonVersions,
  levels,
  memberships,
  priorQualifications,
  users,
} from "#db/schema";
import type { LevelConfig } from "~/modules/content";
import { recordAudit } from "~/modules/audit/index.server";
import { requirePermission } from "~/modules/auth/index.server";
import type { SessionUser } from "~/modules/auth/index.server";
import { forbidden, notFound } from "~/utils/errors.server";
import { validCertificateLevels } from "~/modules/certificates/index.server";
import { centerRelationToTrainee } from "~/modules/enrolment/index.server";
import { levelStatuses, type CourseProgress } from "./level-status";

type Actor = Pick<SessionUser, "id" | "memberships">;

/** Joins a lesson to the version it shows now. */
const currentLessonVersion = and(eq(lessonVersions.lessonId, lessons.id), eq(lessonVersions.version, lessons.currentVersion));
type LevelsConfig = LevelConfig & { studyTime: { maxMultipleOfEstimate: number } };

export async function loadLevels(db: DbOrTx) {
  const rows = await db.select().from(levels).orderBy(asc(levels.position));
  return rows.map((r) => ({ ...r, config: r.config as LevelsConfig }));
}

/**
 * Per person and course of the catalog: lessons, completed lessons, seconds studied, enrolment.
 * Three queries whatever the number of people (staff pages list whole centers).
 */
export async function courseProgressOfMany(db: DbOrTx, userIds: string[]): Promise<Map<string, CourseProgress[]>> {
  const result = new Map<string, CourseProgress[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return result;
  const [catalog, studied, enrolled] = await Promise.all([
    db
      .select({
        id: courses.id,
        slug: courses.slug,
        levelSlug: courses.levelSlug,
        lessonsTotal: sql<number>`(count(${lessons.id}) filter (where ${lessons.retiredAt} is null))::int`,
      })
      .from(courses)
      .leftJoin(lessons, eq(lessons.courseId, courses.id))
      .where(isNull(courses.retiredAt))
      .groupBy(courses.id),
    db
      .select({
        userId: lessonProgress.userId,
        courseId: lessons.courseId,
        completed: sql<number>`(count(${lessonProgress.completedAt}) filter (where ${lessons.retiredAt} is null))::int`,
        // Time on retired lessons still counts: it was studied.
        seconds: sql<number>`coalesce(sum(${lessonProgress.secondsSpent}), 0)::int`,
      })
      .from(lessonProgress)
      .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
      .where(inArray(lessonProgress.userId, userIds))
      .groupBy(lessonProgress.userId, lessons.courseId),
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

/** Levels this person holds: a valid certificate, or a recorded equivalent qualification. */
export async function heldLevelsOf(db: DbOrTx, userId: string): Promise<Set<string>> {
  const [rows, certified] = await Promise.all([
    db.select({ levelSlug: priorQualifications.levelSlug }).from(priorQualifications).where(eq(priorQualifications.userId, userId)),
    validCertificateLevels(db, [userId]),
  ]);
  return new Set([...rows.map((r) => r.levelSlug), ...(certified.get(userId) ?? [])]);
}

/** The learner's path: every level with its status, and the lesson to continue with. */
export async function learnerOverview(db: DbOrTx, userId: string) {
  const [levelRows, progress, held, resume] = await Promise.all([
    loadLevels(db),
    courseProgressOf(db, userId),
    heldLevelsOf(db, userId),
    lastVisitedLesson(db, userId),
  ]);
  const statuses = levelStatuses(
    levelRows.map((l) => l.config),
    progress,
    held,
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
      courseSlug: courses.slug,
      lessonSlug: lessons.slug,
      titleZh: lessonVersions.titleZh,
      titleEn: lessonVersions.titleEn,
      completed: sql<boolean>`${lessonProgress.completedAt} is not null`,
    })
    .from(lessonProgress)
    .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .innerJoin(lessonVersions, currentLessonVersion)
    .where(and(eq(lessonProgress.userId, userId), isNull(lessons.retiredAt), isNull(courses.retiredAt)))
    .orderBy(desc(lessonProgress.lastVisitedAt))
    .limit(1);
  return row ?? null;
}

/** The courses of one level, required ones first, for the catalog. */
export async function catalogOfLevel(db: DbOrTx, levelSlug: string) {
  return db
    .select({
      slug: courses.slug,
      module: courses.module,
      titleZh: courses.titleZh,
      titleEn: courses.titleEn,
      summaryZh: courses.summaryZh,
      summaryEn: courses.summaryEn,
    })
    .from(courses)
    .where(and(eq(courses.levelSlug, levelSlug), isNull(courses.retiredAt)))
    .orderBy(asc(courses.position), asc(courses.slug));
}

async function findCourse(db: DbOrTx, slug: string) {
  const [course] = await db
    .select()
    .from(courses)
    .where(and(eq(courses.slug, slug), isNull(courses.retiredAt)));
  if (!course) throw notFound();
  return course;
}

async function lockedLevel(db: DbOrTx, userId: string, levelSlug: string) {
  const [levelRows, held] = await Promise.all([loadLevels(db), heldLevelsOf(db, userId)]);
  const level = levelRows.find((l) => l.slug === levelSlug);
  return level ? level.config.prerequisites.some((p) => !held.has(p.level)) : true;
}

/** A course page for a learner: the course, its lessons with progress, and whether it is open. */
export async function courseForLearner(db: DbOrTx, userId: string, courseSlug: string) {
  const course = await findCourse(db, courseSlug);
  const [lessonRows, enrolled, locked] = await Promise.all([
    db
      .select({
        slug: lessons.slug,
        position: lessons.position,
        titleZh: lessonVersions.titleZh,
        titleEn: lessonVersions.titleEn,
        minutes: lessonVersions.minutes,
        seconds: sql<number>`coalesce(${lessonProgress.secondsSpent}, 0)`,
        completed: sql<boolean>`${lessonProgress.completedAt} is not null`,
      })
      .from(lessons)
      .innerJoin(lessonVersions, currentLessonVersion)
      .leftJoin(lessonProgress, and(eq(lessonProgress.lessonId, lessons.id), eq(lessonProgress.userId, userId)))
      .where(and(eq(lessons.courseId, course.id), isNull(lessons.retiredAt)))
      .orderBy(asc(lessons.position)),
    db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, course.id)))
      .then((r) => r.length > 0),
    lockedLevel(db, userId, course.levelSlug),
  ]);
  return { course, lessons: lessonRows, enrolled, locked };
}

export type EnrolResult = { ok: true } | { ok: false; reason: "locked" };

/** Enrolling is idempotent; a course of a locked level cannot be joined. */
export async function enrol(db: DbOrTx, userId: string, courseSlug: string): Promise<EnrolResult> {
  const course = await findCourse(db, courseSlug);
  if (await lockedLevel(db, userId, course.levelSlug)) return { ok: false, reason: "locked" };
  await db.insert(enrolments).values({ userId, courseId: course.id }).onConflictDoNothing();
  return { ok: true };
}

// The lesson page is the hottest page of the app: its reads are prepared once per database handle
// and run side by side (bench/: building a query costs ~0.3 ms of CPU).
function buildLessonPageQueries(db: DbOrTx) {
  const courseSlug = sql.placeholder("courseSlug");
  const userId = sql.placeholder("userId");
  return {
    course: db
      .select({
        id: courses.id,
        slug: courses.slug,
        titleZh: courses.titleZh,
        titleEn: courses.titleEn,
        levelSlug: courses.levelSlug,
        levelConfig: levels.config,
        enrolled: sql<boolean>`exists (select 1 from enrolments e where e.course_id = ${courses.id} and e.user_id = ${userId})`,
      })
      .from(courses)
      .innerJoin(levels, eq(levels.slug, courses.levelSlug))
      .where(and(eq(courses.slug, courseSlug), isNull(courses.retiredAt)))
      .prepare("lesson_page_course"),
    // Held levels: prior qualifications and valid certificates, in one round trip.
    held: db
      .select({ levelSlug: priorQualifications.levelSlug })
      .from(priorQualifications)
      .where(eq(priorQualifications.userId, userId))
      .union(
        db
          .select({ levelSlug: certificates.levelSlug })
          .from(certificates)
          .where(
            and(
              eq(certificates.userId, userId),
              isNull(certificates.revokedAt),
              isNull(certificates.supersededAt),
              sql`(${certificates.expiresAt} is null or ${certificates.expiresAt} > now())`,
            ),
          ),
      )
      .prepare("lesson_page_held"),
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
}
const lessonPageQueries = new WeakMap<DbOrTx, ReturnType<typeof buildLessonPageQueries>>();

/**
 * A lesson for reading, without the self-check answers. Opening it records the visit (for "continue
 * where I stopped") and restarts the server's clock that heartbeats are measured against.
 */
export async function openLesson(db: DbOrTx, userId: string, courseSlug: string, lessonSlug: string, now = new Date()) {
  let queries = lessonPageQueries.get(db);
  if (!queries) lessonPageQueries.set(db, (queries = buildLessonPageQueries(db)));
  const [[course], heldRows, outline, [current]] = await Promise.all([
    queries.course.execute({ courseSlug, userId }),
    queries.held.execute({ userId }),
    queries.outline.execute({ courseSlug }),
    queries.version.execute({ courseSlug, lessonSlug }),
  ]);
  if (!course) throw notFound();
  const held = new Set(heldRows.map((r) => r.levelSlug));
  if ((course.levelConfig as LevelsConfig).prerequisites.some((p) => !held.has(p.level))) throw forbidden("learn.levelLocked");
  const index = outline.findIndex((l) => l.slug === lessonSlug);
  if (index < 0 || !current) throw notFound();
  if (!course.enrolled) return { enrolled: false as const, course };
  const [progress] = await db
    .insert(lessonProgress)
    .values({ userId, lessonId: current.version.lessonId, startedAt: now, lastVisitedAt: now, lastBeatAt: now })
    .onConflictDoUpdate({
      target: [lessonProgress.userId, lessonProgress.lessonId],
      set: { lastVisitedAt: now, lastBeatAt: now },
    })
    .returning({ secondsSpent: lessonProgress.secondsSpent, completedAt: lessonProgress.completedAt });
  const { selfCheck, ...version } = current.version;
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
      id: lessons.id,
      minutes: lessonVersions.minutes,
      selfCheck: lessonVersions.selfCheck,
      levelSlug: courses.levelSlug,
      enrolled: sql<boolean>`exists (select 1 from enrolments e where e.course_id = ${courses.id} and e.user_id = ${userId})`,
    })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .innerJoin(lessonVersions, currentLessonVersion)
    .where(and(eq(lessons.id, lessonId), isNull(lessons.retiredAt)));
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
  const [level] = await db.select({ config: levels.config }).from(levels).where(eq(levels.slug, lesson.levelSlug));
  const multiple = (level?.config as LevelsConfig | undefined)?.studyTime.maxMultipleOfEstimate ?? 1;
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
  return { question: input.question, choice: input.choice, correct: question.answer === input.choice, answer: question.answer, explanation: question.explanation };
}

/* ---------- staff views ---------- */

async function assertCenterTrainee(db: DbOrTx, centerId: string, traineeId: string) {
  const [member] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, traineeId), eq(memberships.role, "trainee"), eq(memberships.organizationId, centerId)));
  // Another center's trainee is simply not found from here.
  if (!member) throw notFound();
}

/** The center's trainees with their progress per level (the center's staff, its region admin, platform admins). */
/**
 * The center's most recently joined trainees (a center of hundreds lists them all, filtered and sorted,
 * on its dashboard) with their progress per level, and how many trainees it has in all.
 */
export async function centerTrainees(db: DbOrTx, actor: Actor, center: { id: string; regionId: string | null }, options: { limit?: number } = {}) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const ofCenter = and(eq(memberships.organizationId, center.id), eq(memberships.role, "trainee"));
  const [trainees, [total]] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, email: users.email, phone: users.phone })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(ofCenter)
      .orderBy(desc(memberships.createdAt), asc(users.name))
      .limit(options.limit ?? 30),
    db.select({ n: sql<number>`count(*)::int` }).from(memberships).where(ofCenter),
  ]);
  const ids = trainees.map((t) => t.id);
  const [levelRows, progress, held] = await Promise.all([
    loadLevels(db),
    courseProgressOfMany(db, ids),
    ids.length
      ? db
          .select({ userId: priorQualifications.userId, levelSlug: priorQualifications.levelSlug })
          .from(priorQualifications)
          .where(inArray(priorQualifications.userId, ids))
      : Promise.resolve([]),
  ]);
  const certified = await validCertificateLevels(db, ids);
  const result = trainees.map((trainee) => ({
    ...trainee,
    levels: levelStatuses(
      levelRows.map((l) => l.config),
      progress.get(trainee.id) ?? [],
      new Set([...held.filter((h) => h.userId === trainee.id).map((h) => h.levelSlug), ...(certified.get(trainee.id) ?? [])]),
    ),
  }));
  return { levels: levelRows.map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn })), trainees: result, total: Number(total?.n ?? 0) };
}

export async function traineeDetailForStaff(
  db: DbOrTx,
  actor: Actor,
  center: { id: string; regionId: string | null },
  traineeId: string,
) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  // A former center (the trainee moved away) still reads its records; it may no longer change them.
  if (!(await centerRelationToTrainee(db, center.id, traineeId))) throw notFound();
  const [[trainee], overview, qualifications, courseRows] = await Promise.all([
    db.select({ id: users.id, name: users.name, email: users.email, phone: users.phone }).from(users).where(eq(users.id, traineeId)),
    learnerOverview(db, traineeId),
    db
      .select({
        levelSlug: priorQualifications.levelSlug,
        note: priorQualifications.note,
        createdAt: priorQualifications.createdAt,
        recordedBy: users.name,
      })
      .from(priorQualifications)
      .leftJoin(users, eq(users.id, priorQualifications.recordedBy))
      .where(eq(priorQualifications.userId, traineeId)),
    db
      .select({ slug: courses.slug, titleZh: courses.titleZh, titleEn: courses.titleEn, levelSlug: courses.levelSlug })
      .from(courses)
      .where(isNull(courses.retiredAt))
      .orderBy(asc(courses.position)),
  ]);
  if (!trainee) throw notFound();
  return { trainee, overview, qualifications, courses: courseRows };
}

export type PriorQualificationResult = { ok: true } | { ok: false; field: string; message: string };

/** Center staff record an equivalent prior qualification for one of their trainees; audited. */
export async function recordPriorQualification(
  db: DbOrTx,
  actor: Actor,
  input: { centerId: string; traineeId: string; levelSlug: string; note: string },
): Promise<PriorQualificationResult> {
  requirePermission(actor, "manage:center", { centerId: input.centerId });
  await assertCenterTrainee(db, input.centerId, input.traineeId);
  const levelRows = await loadLevels(db);
  if (!levelRows.some((l) => l.slug === input.levelSlug))
    return { ok: false, field: "levelSlug", message: "validation.level.unknown" };
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(priorQualifications)
      .values({ userId: input.traineeId, levelSlug: input.levelSlug, centerId: input.centerId, recordedBy: actor.id, note: input.note })
      .onConflictDoNothing()
      .returning({ id: priorQualifications.id });
    if (inserted.length === 0) return { ok: false as const, field: "levelSlug", message: "validation.qualification.exists" };
    await recordAudit(tx, {
      actorId: actor.id,
      action: "qualification.record",
      targetType: "user",
      targetId: input.traineeId,
      after: { levelSlug: input.levelSlug, centerId: input.centerId, note: input.note },
    });
    return { ok: true as const };
  });
}

/* ---------- platform: content versions ---------- */

export async function contentVersions(db: DbOrTx, actor: Actor) {
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
