import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { classroomAttendance, classroomSessions, cohortMembers, cohorts } from "#db/schema";

/**
 * A person's part of the cohorts area for their data download (docs/privacy.md): the cohorts they are in and
 * every attendance record kept about them. Attendance is read from its own table, not through the cohort
 * membership, so a record outlives a removal from the cohort and must be shown too. Never a session's
 * check-in key.
 */
export async function cohortDataOf(db: DbOrTx, userId: string) {
  const [memberOf, attendance] = await Promise.all([
    db
      .select({
        cohort: cohorts.name,
        levelSlug: cohorts.levelSlug,
        startsOn: cohorts.startsOn,
        endsOn: cohorts.endsOn,
        addedAt: cohortMembers.addedAt,
      })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(eq(cohortMembers.userId, userId))
      .orderBy(asc(cohorts.startsOn), asc(cohorts.name)),
    db
      .select({
        cohort: cohorts.name,
        startsAt: classroomSessions.startsAt,
        endsAt: classroomSessions.endsAt,
        place: classroomSessions.place,
        lecturer: classroomSessions.lecturer,
        topic: classroomSessions.topic,
        courseSlug: classroomSessions.courseSlug,
        creditMinutes: classroomSessions.creditMinutes,
        cancelledAt: classroomSessions.cancelledAt,
        status: classroomAttendance.status,
        checkedInAt: classroomAttendance.checkedInAt,
        // Whether staff marked it by hand; which staff member did is theirs, not the trainee's, to see.
        markedByStaff: sql<boolean>`${classroomAttendance.markedBy} is not null`,
        updatedAt: classroomAttendance.updatedAt,
      })
      .from(classroomAttendance)
      .innerJoin(classroomSessions, eq(classroomSessions.id, classroomAttendance.sessionId))
      .innerJoin(cohorts, eq(cohorts.id, classroomSessions.cohortId))
      .where(eq(classroomAttendance.userId, userId))
      .orderBy(asc(classroomSessions.startsAt)),
  ]);
  return { cohorts: memberOf, classroomAttendance: attendance };
}
