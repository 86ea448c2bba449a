import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { examSessions } from "#db/schema";
import { cohortIdsOfMember } from "~/modules/cohorts/index.server";

/**
 * The exam sessions scheduled for cohorts, for the cohorts' pages (cohorts sits below exams, so the
 * schedule is put together by app/workflows/cohort-schedule.server.ts).
 */

/** Every session of the cohort, cancelled ones too, by opening time (the center's staff see them all). */
export async function sessionsOfCohort(db: DbOrTx, cohortId: string) {
  return db
    .select({
      id: examSessions.id,
      name: examSessions.name,
      location: examSessions.location,
      opensAt: examSessions.opensAt,
      closesAt: examSessions.closesAt,
      cancelledAt: examSessions.cancelledAt,
    })
    .from(examSessions)
    .where(eq(examSessions.cohortId, cohortId))
    .orderBy(asc(examSessions.opensAt));
}

/** The sessions that still stand for the cohorts the person sits in, by opening time. */
export async function sessionsOfMembersCohorts(db: DbOrTx, userId: string) {
  return db
    .select({
      cohortId: examSessions.cohortId,
      id: examSessions.id,
      name: examSessions.name,
      location: examSessions.location,
      opensAt: examSessions.opensAt,
      closesAt: examSessions.closesAt,
    })
    .from(examSessions)
    .where(and(inArray(examSessions.cohortId, cohortIdsOfMember(userId)), isNull(examSessions.cancelledAt)))
    .orderBy(asc(examSessions.opensAt));
}
