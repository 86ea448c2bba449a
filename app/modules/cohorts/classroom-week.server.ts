import { and, asc, eq, gte, inArray, isNull, lt } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { classroomSessions, cohorts } from "#db/schema";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";

interface CenterRef {
  id: string;
  regionId: string | null;
}

/**
 * The centers' classroom sessions (not cancelled) starting in [from, to), with their cohort: the sessions of a
 * week on the staff's and region admins' home pages. Each center must be visible to the actor.
 */
export async function classroomSessionsBetween(
  db: DbOrTx,
  actor: Pick<SessionUser, "memberships">,
  centers: CenterRef[],
  from: Date,
  to: Date,
) {
  for (const center of centers)
    requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  if (!centers.length) return [];
  return db
    .select({
      id: classroomSessions.id,
      centerId: cohorts.centerId,
      cohortId: cohorts.id,
      cohortName: cohorts.name,
      topic: classroomSessions.topic,
      place: classroomSessions.place,
      startsAt: classroomSessions.startsAt,
      endsAt: classroomSessions.endsAt,
    })
    .from(classroomSessions)
    .innerJoin(cohorts, eq(cohorts.id, classroomSessions.cohortId))
    .where(
      and(
        inArray(
          cohorts.centerId,
          centers.map((c) => c.id),
        ),
        isNull(classroomSessions.cancelledAt),
        gte(classroomSessions.startsAt, from),
        lt(classroomSessions.startsAt, to),
      ),
    )
    .orderBy(asc(classroomSessions.startsAt));
}
