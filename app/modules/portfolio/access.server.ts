import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { memberships, organizations } from "#db/schema";
import { can } from "~/modules/auth/index.server";
import type { SessionUser } from "~/modules/auth/index.server";

export type Actor = Pick<SessionUser, "id" | "memberships">;

/** The training centers where this person is a trainee, with their regions. */
export async function traineeCenters(db: DbOrTx, userId: string) {
  return db
    .select({ centerId: organizations.id, regionId: organizations.regionId })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, "trainee"), eq(organizations.kind, "training_center")));
}

/**
 * Whether the actor may read a trainee's portfolio: the trainee, the staff of the trainee's center, the
 * region admins of that center's region, and platform admins (the scopes of `view:center`).
 */
export async function maySeePortfolioOf(db: DbOrTx, actor: Actor, ownerId: string) {
  if (actor.id === ownerId) return true;
  if (can(actor, "admin:platform")) return true;
  const centers = await traineeCenters(db, ownerId);
  return centers.some((c) => can(actor, "view:center", { centerId: c.centerId, regionId: c.regionId }));
}
