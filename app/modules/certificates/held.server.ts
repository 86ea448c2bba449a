import { and, eq, gt, inArray, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificates } from "#db/schema";

/** Levels of which each person holds a valid certificate (not revoked, superseded or expired). */
export async function validCertificateLevels(db: DbOrTx, userIds: string[], now = new Date()): Promise<Map<string, Set<string>>> {
  const held = new Map<string, Set<string>>();
  if (!userIds.length) return held;
  const rows = await db
    .select({ userId: certificates.userId, levelSlug: certificates.levelSlug })
    .from(certificates)
    .where(
      and(
        inArray(certificates.userId, userIds),
        isNull(certificates.revokedAt),
        isNull(certificates.supersededAt),
        or(isNull(certificates.expiresAt), gt(certificates.expiresAt, now)),
      ),
    );
  for (const r of rows) held.set(r.userId, (held.get(r.userId) ?? new Set()).add(r.levelSlug));
  return held;
}

/** The person's current certificate of a level (valid or expired; not revoked or superseded), if any. */
export async function currentCertificateId(db: DbOrTx, userId: string, levelSlug: string) {
  const [row] = await db
    .select({ id: certificates.id })
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.levelSlug, levelSlug), isNull(certificates.revokedAt), isNull(certificates.supersededAt)));
  return row?.id ?? null;
}
