import type { DbOrTx } from "#db/client";
import type { SessionUser } from "~/modules/orgs/index.server";
import { cohortDetail, cohortsOfTrainee } from "~/modules/cohorts/index.server";
import { sessionsOfCohort, sessionsOfMembersCohorts } from "~/modules/exams/index.server";

/**
 * Cohorts with their exam sessions. Cohorts sit below exams (a session is scheduled for a cohort), so
 * the pages that show both put them together here; the two reads run side by side.
 */

type Actor = Pick<SessionUser, "id" | "memberships">;

/** A cohort with its instructors, members and every exam session (cancelled too), for the center's staff. */
export async function cohortWithSessions(
  db: DbOrTx,
  actor: Actor,
  center: { id: string; regionId: string | null },
  cohortId: string,
) {
  // cohortDetail checks the permission and that the cohort is the center's; if it refuses, the sessions read is dropped.
  const [detail, sessions] = await Promise.all([
    cohortDetail(db, actor, center, cohortId),
    sessionsOfCohort(db, cohortId),
  ]);
  return { ...detail, sessions };
}

/** The trainee's own cohorts with their schedule: dates, instructors and the exam sessions that stand. */
export async function traineeCohortSchedule(db: DbOrTx, userId: string) {
  const [cohorts, sessions] = await Promise.all([cohortsOfTrainee(db, userId), sessionsOfMembersCohorts(db, userId)]);
  return cohorts.map((c) => ({
    ...c,
    sessions: sessions.filter((s) => s.cohortId === c.id).map(({ cohortId: _c, ...s }) => s),
  }));
}
