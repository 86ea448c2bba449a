import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { classroomAttendance, classroomSessions, cohortMembers, cohorts } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { people } from "~/modules/auth/index.server";
import { levelCoursesOfCenter } from "~/modules/content/index.server";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";
import { fieldFailure, type FieldFailure } from "~/utils/failure";
import {
  ATTENDED_STATUSES,
  type AttendanceStatus,
  type ClassroomSessionFields,
  classroomTimes,
  minutesToHours,
} from "./classroom";

/**
 * In-person classroom sessions of a cohort and who attended them (docs/classroom.md): staff schedule, edit and
 * cancel them and mark attendance by hand; trainees check in by scanning the room's code (./check-in.server.ts).
 */

type Actor = Pick<SessionUser, "id" | "memberships">;
interface CenterRef {
  id: string;
  regionId: string | null;
}

async function cohortOfCenter(db: DbOrTx, centerId: string, cohortId: string) {
  const [cohort] = await db
    .select({ id: cohorts.id, name: cohorts.name, levelSlug: cohorts.levelSlug, closedAt: cohorts.closedAt })
    .from(cohorts)
    .where(and(eq(cohorts.id, cohortId), eq(cohorts.centerId, centerId)));
  if (!cohort) throw notFound();
  return cohort;
}

/** A session of this center's cohort (another center's, or another cohort's: 404). */
async function sessionOfCohort(db: DbOrTx, centerId: string, cohortId: string, sessionId: string) {
  const cohort = await cohortOfCenter(db, centerId, cohortId);
  const [session] = await db
    .select()
    .from(classroomSessions)
    .where(and(eq(classroomSessions.id, sessionId), eq(classroomSessions.cohortId, cohortId)));
  if (!session) throw notFound();
  return { cohort, session };
}

/**
 * For a route about to act on a cohort's classroom sessions: the actor manages the center and the cohort (and
 * the session, where named) is the center's; otherwise 403 or 404, before any form is read.
 */
export async function requireClassroomManager(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  cohortId: string,
  sessionId?: string,
) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  if (sessionId) await sessionOfCohort(db, center.id, cohortId, sessionId);
  else await cohortOfCenter(db, center.id, cohortId);
}

/** The courses of the cohort's level a session may be about: the curriculum's and the center's own electives. */
export async function classroomCourses(db: DbOrTx, levelSlug: string, center: CenterRef) {
  return levelCoursesOfCenter(db, levelSlug, center);
}

type SessionValues = {
  startsAt: Date;
  endsAt: Date;
  place: string;
  lecturer: string;
  creditMinutes: number;
  topic: string | null;
  courseSlug: string | null;
  graceMinutes: number;
};

async function sessionValues(
  db: DbOrTx,
  center: CenterRef,
  levelSlug: string,
  fields: ClassroomSessionFields,
): Promise<SessionValues | FieldFailure> {
  const times = classroomTimes(fields);
  if ("field" in times) return fieldFailure(times.field, times.message);
  if (fields.courseSlug && !(await classroomCourses(db, levelSlug, center)).some((c) => c.slug === fields.courseSlug))
    return fieldFailure("courseSlug", "classroom.errors.course");
  if (!fields.topic && !fields.courseSlug) return fieldFailure("topic", "classroom.errors.topicOrCourse");
  return {
    ...times,
    place: fields.place,
    lecturer: fields.lecturer,
    creditMinutes: Math.round(fields.hours * 60),
    topic: fields.topic,
    courseSlug: fields.courseSlug,
    graceMinutes: fields.graceMinutes,
  };
}

const auditView = (v: SessionValues) => ({
  startsAt: v.startsAt.toISOString(),
  endsAt: v.endsAt.toISOString(),
  place: v.place,
  lecturer: v.lecturer,
  hours: minutesToHours(v.creditMinutes),
  topic: v.topic,
  courseSlug: v.courseSlug,
  graceMinutes: v.graceMinutes,
});

/** Staff schedule a classroom session in an open cohort of their center. Audited. */
export async function scheduleClassroomSession(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  cohortId: string,
  fields: ClassroomSessionFields,
): Promise<{ ok: true; sessionId: string } | FieldFailure> {
  requirePermission(actor, "manage:center", { centerId: center.id });
  const cohort = await cohortOfCenter(db, center.id, cohortId);
  if (cohort.closedAt) return fieldFailure("date", "classroom.errors.cohortClosed");
  const values = await sessionValues(db, center, cohort.levelSlug, fields);
  if ("ok" in values) return values;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(classroomSessions)
      .values({ ...values, cohortId, checkInKey: randomBytes(32), createdBy: actor.id })
      .returning({ id: classroomSessions.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "classroom.schedule",
      targetType: "classroom_session",
      targetId: row!.id,
      after: { cohortId, ...auditView(values) },
    });
    return { ok: true as const, sessionId: row!.id };
  });
}

/** Staff change a session's time, place, lecturer, hours or topic. Audited with what it was. */
export async function editClassroomSession(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  cohortId: string,
  sessionId: string,
  fields: ClassroomSessionFields,
): Promise<{ ok: true } | FieldFailure> {
  requirePermission(actor, "manage:center", { centerId: center.id });
  return db.transaction(async (tx) => {
    const { cohort, session } = await sessionOfCohort(tx, center.id, cohortId, sessionId);
    if (session.cancelledAt) return fieldFailure("date", "classroom.errors.cancelled");
    const values = await sessionValues(tx, center, cohort.levelSlug, fields);
    if ("ok" in values) return values;
    await tx.update(classroomSessions).set(values).where(eq(classroomSessions.id, sessionId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "classroom.edit",
      targetType: "classroom_session",
      targetId: sessionId,
      before: auditView(session),
      after: auditView(values),
    });
    return { ok: true as const };
  });
}

/** A cancelled session stays listed (struck through) and counts no hours; its attendance is kept. Audited. */
export async function cancelClassroomSession(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  cohortId: string,
  sessionId: string,
  now = new Date(),
) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  await db.transaction(async (tx) => {
    await sessionOfCohort(tx, center.id, cohortId, sessionId);
    const cancelled = await tx
      .update(classroomSessions)
      .set({ cancelledAt: now })
      .where(and(eq(classroomSessions.id, sessionId), isNull(classroomSessions.cancelledAt)))
      .returning({ id: classroomSessions.id });
    if (cancelled.length)
      await recordAudit(tx, {
        actorId: actor.id,
        action: "classroom.cancel",
        targetType: "classroom_session",
        targetId: sessionId,
      });
  });
}

const sessionColumns = {
  id: classroomSessions.id,
  cohortId: classroomSessions.cohortId,
  startsAt: classroomSessions.startsAt,
  endsAt: classroomSessions.endsAt,
  place: classroomSessions.place,
  lecturer: classroomSessions.lecturer,
  creditMinutes: classroomSessions.creditMinutes,
  topic: classroomSessions.topic,
  courseSlug: classroomSessions.courseSlug,
  graceMinutes: classroomSessions.graceMinutes,
  cancelledAt: classroomSessions.cancelledAt,
};

const countOf = (status: AttendanceStatus) =>
  sql<number>`(count(*) filter (where ${classroomAttendance.status} = ${status}))::int`;

/** A cohort's classroom sessions (cancelled ones too) with how many were present, late, absent, excused. */
export async function classroomSessionsOfCohort(db: DbOrTx, actor: Actor, center: CenterRef, cohortId: string) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const cohort = await cohortOfCenter(db, center.id, cohortId);
  const counts = db
    .select({
      sessionId: classroomAttendance.sessionId,
      present: countOf("present").as("present"),
      late: countOf("late").as("late"),
      absent: countOf("absent").as("absent"),
      excused: countOf("excused").as("excused"),
    })
    .from(classroomAttendance)
    .groupBy(classroomAttendance.sessionId)
    .as("attendance_counts");
  const rows = await db
    .select({
      ...sessionColumns,
      present: counts.present,
      late: counts.late,
      absent: counts.absent,
      excused: counts.excused,
    })
    .from(classroomSessions)
    .leftJoin(counts, eq(counts.sessionId, classroomSessions.id))
    .where(eq(classroomSessions.cohortId, cohortId))
    .orderBy(asc(classroomSessions.startsAt));
  const sessions = rows.map((r) => ({
    ...r,
    present: r.present ?? 0,
    late: r.late ?? 0,
    absent: r.absent ?? 0,
    excused: r.excused ?? 0,
  }));
  return { cohort, sessions };
}

/**
 * One session's attendance sheet: every member of the cohort (now, or recorded for this session before they
 * left) with their status, null while nothing is recorded. For the center's staff and its region's admins.
 */
export async function attendanceSheet(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  cohortId: string,
  sessionId: string,
) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const { cohort, session } = await sessionOfCohort(db, center.id, cohortId, sessionId);
  const [members, marks] = await Promise.all([
    db
      .select({ id: people.id, name: people.name, email: people.email, phone: people.phone })
      .from(cohortMembers)
      .innerJoin(people, eq(people.id, cohortMembers.userId))
      .where(eq(cohortMembers.cohortId, cohortId)),
    db
      .select({
        userId: classroomAttendance.userId,
        name: people.name,
        email: people.email,
        phone: people.phone,
        status: classroomAttendance.status,
        checkedInAt: classroomAttendance.checkedInAt,
        byStaff: sql<boolean>`${classroomAttendance.markedBy} is not null`,
      })
      .from(classroomAttendance)
      .innerJoin(people, eq(people.id, classroomAttendance.userId))
      .where(eq(classroomAttendance.sessionId, sessionId)),
  ]);
  const byUser = new Map(marks.map((m) => [m.userId, m]));
  const rows = [
    ...members.map((m) => ({ ...m, mark: byUser.get(m.id) ?? null, member: true })),
    // Someone recorded here who has since left the cohort stays on the sheet: it is a record of the day.
    ...marks
      .filter((m) => !members.some((x) => x.id === m.userId))
      .map((m) => ({ id: m.userId, name: m.name, email: m.email, phone: m.phone, mark: m, member: false })),
  ].sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
  const { checkInKey: _key, ...visible } = session;
  return {
    cohort,
    session: visible,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      member: r.member,
      status: r.mark?.status ?? null,
      checkedInAt: r.mark?.checkedInAt ?? null,
      byStaff: r.mark?.byStaff ?? false,
    })),
  };
}

/**
 * Staff mark members present, late, absent or excused by hand, all or none. Only members of the cohort may be
 * marked; marks equal to what is recorded change nothing. One audit entry lists what changed.
 */
export async function markAttendance(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  cohortId: string,
  sessionId: string,
  marks: { userId: string; status: AttendanceStatus }[],
  now = new Date(),
): Promise<{ ok: true; changed: number } | FieldFailure> {
  requirePermission(actor, "manage:center", { centerId: center.id });
  return db.transaction(async (tx) => {
    const { session } = await sessionOfCohort(tx, center.id, cohortId, sessionId);
    if (session.cancelledAt) return fieldFailure("marks", "classroom.errors.cancelled");
    const ids = [...new Set(marks.map((m) => m.userId))];
    if (ids.length !== marks.length) return fieldFailure("marks", "classroom.errors.notMember");
    if (!ids.length) return { ok: true as const, changed: 0 };
    const members = await tx
      .select({ userId: cohortMembers.userId })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), inArray(cohortMembers.userId, ids)));
    if (members.length !== ids.length) return fieldFailure("marks", "classroom.errors.notMember");
    const current = new Map(
      (
        await tx
          .select({ userId: classroomAttendance.userId, status: classroomAttendance.status })
          .from(classroomAttendance)
          .where(and(eq(classroomAttendance.sessionId, sessionId), inArray(classroomAttendance.userId, ids)))
      ).map((r) => [r.userId, r.status]),
    );
    const changes = marks.filter((m) => current.get(m.userId) !== m.status);
    if (!changes.length) return { ok: true as const, changed: 0 };
    await tx
      .insert(classroomAttendance)
      .values(
        changes.map((m) => ({ sessionId, userId: m.userId, status: m.status, markedBy: actor.id, updatedAt: now })),
      )
      .onConflictDoUpdate({
        target: [classroomAttendance.sessionId, classroomAttendance.userId],
        set: { status: sql`excluded.status`, markedBy: actor.id, updatedAt: now },
      });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "classroom.attendance.mark",
      targetType: "classroom_session",
      targetId: sessionId,
      before: Object.fromEntries(changes.map((m) => [m.userId, current.get(m.userId) ?? null])),
      after: Object.fromEntries(changes.map((m) => [m.userId, m.status])),
    });
    return { ok: true as const, changed: changes.length };
  });
}

/** The trainee's classroom sessions in all their cohorts, with their own attendance. */
export async function classroomSessionsOfTrainee(db: DbOrTx, userId: string) {
  return db
    .select({
      ...sessionColumns,
      cohortName: cohorts.name,
      status: classroomAttendance.status,
      checkedInAt: classroomAttendance.checkedInAt,
    })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .innerJoin(classroomSessions, eq(classroomSessions.cohortId, cohortMembers.cohortId))
    .leftJoin(
      classroomAttendance,
      and(eq(classroomAttendance.sessionId, classroomSessions.id), eq(classroomAttendance.userId, userId)),
    )
    .where(eq(cohortMembers.userId, userId))
    .orderBy(desc(classroomSessions.startsAt));
}

/**
 * Seconds of classroom study each person attended (present or late, sessions not cancelled), per level of the
 * cohort the session was in. Whether and how much of it counts is the level's rule (levels.yaml
 * `classroomHours`), applied where study hours are computed (learning).
 */
export async function attendedClassroomSeconds(
  db: DbOrTx,
  userIds: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const result = new Map<string, Map<string, number>>(userIds.map((id) => [id, new Map()]));
  if (!userIds.length) return result;
  const rows = await db
    .select({
      userId: classroomAttendance.userId,
      levelSlug: cohorts.levelSlug,
      seconds: sql<number>`(sum(${classroomSessions.creditMinutes}) * 60)::int`,
    })
    .from(classroomAttendance)
    .innerJoin(classroomSessions, eq(classroomSessions.id, classroomAttendance.sessionId))
    .innerJoin(cohorts, eq(cohorts.id, classroomSessions.cohortId))
    .where(
      and(
        inArray(classroomAttendance.userId, [...userIds]),
        inArray(classroomAttendance.status, [...ATTENDED_STATUSES]),
        isNull(classroomSessions.cancelledAt),
      ),
    )
    .groupBy(classroomAttendance.userId, cohorts.levelSlug);
  for (const r of rows) result.get(r.userId)?.set(r.levelSlug, r.seconds);
  return result;
}

// Read on every exam start and briefing (one person, one level): prepared once per database handle, so it is
// neither rebuilt by Drizzle nor parsed and planned again by PostgreSQL (docs/performance.md).
const attendedAtLevelStatement = preparedFor((db) =>
  db
    .select({ seconds: sql<number>`coalesce(sum(${classroomSessions.creditMinutes}) * 60, 0)::int` })
    .from(classroomAttendance)
    .innerJoin(classroomSessions, eq(classroomSessions.id, classroomAttendance.sessionId))
    .innerJoin(cohorts, eq(cohorts.id, classroomSessions.cohortId))
    .where(
      and(
        eq(classroomAttendance.userId, sql.placeholder("userId")),
        eq(cohorts.levelSlug, sql.placeholder("levelSlug")),
        inArray(classroomAttendance.status, [...ATTENDED_STATUSES]),
        isNull(classroomSessions.cancelledAt),
      ),
    )
    .prepare("attended_classroom_seconds_at"),
);

/** What attendedClassroomSeconds gives for one person and one level: the seconds attended (0 when none). */
export async function attendedClassroomSecondsAt(db: DbOrTx, userId: string, levelSlug: string): Promise<number> {
  const [row] = await attendedAtLevelStatement(db).execute({ userId, levelSlug });
  return row?.seconds ?? 0;
}
