import { and, asc, gt, inArray, isNull, lt } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { examSessions } from "#db/schema";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";

interface CenterRef {
  id: string;
  regionId: string | null;
}

/**
 * The centers' exam sessions (not cancelled) whose window overlaps [from, to): the sessions of a week on the
 * staff's and region admins' home pages. Each center must be visible to the actor.
 */
export async function examSessionsBetween(
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
      id: examSessions.id,
      centerId: examSessions.centerId,
      name: examSessions.name,
      levelSlug: examSessions.levelSlug,
      location: examSessions.location,
      opensAt: examSessions.opensAt,
      closesAt: examSessions.closesAt,
    })
    .from(examSessions)
    .where(
      and(
        inArray(
          examSessions.centerId,
          centers.map((c) => c.id),
        ),
        isNull(examSessions.cancelledAt),
        lt(examSessions.opensAt, to),
        gt(examSessions.closesAt, from),
      ),
    )
    .orderBy(asc(examSessions.opensAt));
}
