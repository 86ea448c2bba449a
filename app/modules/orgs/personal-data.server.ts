import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { memberships, organizations, regions } from "#db/schema";

/** A person's roles with the names of their places, for their data download. */
export function membershipsDataOf(db: DbOrTx, userId: string) {
  return db
    .select({
      role: memberships.role,
      organizationZh: organizations.nameZh,
      organizationEn: organizations.nameEn,
      regionZh: regions.nameZh,
      regionEn: regions.nameEn,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .leftJoin(organizations, eq(organizations.id, memberships.organizationId))
    .leftJoin(regions, eq(regions.id, memberships.regionId))
    .where(eq(memberships.userId, userId));
}

/**
 * An erased account keeps only its trainee role (the center's statistics count it); staff and admin roles go,
 * so an erased account can never act for anyone.
 */
export async function dropStaffRoles(tx: DbOrTx, userId: string): Promise<void> {
  await tx.delete(memberships).where(and(eq(memberships.userId, userId), ne(memberships.role, "trainee")));
}
