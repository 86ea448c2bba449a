import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { memberships } from "#db/schema";

/** Everyone who is a platform admin: whom the platform alerts (a certificate record that fails its signature). */
export async function platformAdminIds(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.role, "platform_admin"));
  return rows.map((r) => r.userId);
}
