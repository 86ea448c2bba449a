import { desc, eq, or } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { auditLog } from "#db/schema";

/** Log entries by a person or about their account (their own download; entries stay after an erasure). */
export function auditEntriesAbout(db: DbOrTx, userId: string) {
  return db
    .select({
      action: auditLog.action,
      actorId: auditLog.actorId,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .where(or(eq(auditLog.actorId, userId), eq(auditLog.targetId, userId)))
    .orderBy(desc(auditLog.createdAt))
    .limit(1000);
}
