import type { DbOrTx } from "#db/client";
import { can, type SessionUser, traineeCentersOf } from "~/modules/orgs/index.server";

export type Actor = Pick<SessionUser, "id" | "memberships">;

/**
 * Whether the actor may read a trainee's portfolio: the trainee, the staff of the trainee's center, the
 * region admins of that center's region, and platform admins (the scopes of `view:center`).
 */
export async function maySeePortfolioOf(db: DbOrTx, actor: Actor, ownerId: string) {
  if (actor.id === ownerId) return true;
  if (can(actor, "admin:platform")) return true;
  const centers = await traineeCentersOf(db, ownerId);
  return centers.some((c) => can(actor, "view:center", { centerId: c.centerId, regionId: c.regionId }));
}
