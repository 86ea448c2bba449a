import { and, eq, gt, inArray, isNull, or, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificates } from "#db/schema";

/**
 * The one definition of a current certificate, as SQL on the certificates table: neither revoked nor
 * superseded (it may have expired). The JavaScript twin is certificateStatus (./status.ts).
 */
export function currentCertificate(): SQL {
  return and(isNull(certificates.revokedAt), isNull(certificates.supersededAt))!;
}

/**
 * The one definition of a valid certificate, as SQL on the certificates table: current and not expired
 * at `now` (the database's clock when not given, so that a prepared statement stays right over time).
 */
export function validCertificate(now?: Date): SQL {
  const notExpired = now ? gt(certificates.expiresAt, now) : sql`${certificates.expiresAt} > now()`;
  return and(currentCertificate(), or(isNull(certificates.expiresAt), notExpired))!;
}

/**
 * The levels of which a person holds a valid certificate, as a query to union or join (one round trip),
 * e.g. the learning path's held levels: `select level_slug … union <this>`.
 */
export function validLevelsQuery(db: DbOrTx, userId: string | SQL | Placeholder) {
  return db
    .select({ levelSlug: certificates.levelSlug })
    .from(certificates)
    .where(and(eq(certificates.userId, userId), validCertificate()));
}

/** Levels of which each person holds a valid certificate (not revoked, superseded or expired). */
export async function validCertificateLevels(
  db: DbOrTx,
  userIds: string[],
  now = new Date(),
): Promise<Map<string, Set<string>>> {
  const held = new Map<string, Set<string>>();
  if (!userIds.length) return held;
  const rows = await db
    .select({ userId: certificates.userId, levelSlug: certificates.levelSlug })
    .from(certificates)
    .where(and(inArray(certificates.userId, userIds), validCertificate(now)));
  for (const r of rows) held.set(r.userId, (held.get(r.userId) ?? new Set()).add(r.levelSlug));
  return held;
}

/** The person's current certificate of a level (valid or expired; not revoked or superseded), if any. */
export async function currentCertificateId(db: DbOrTx, userId: string, levelSlug: string) {
  const [row] = await db
    .select({ id: certificates.id })
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.levelSlug, levelSlug), currentCertificate()));
  return row?.id ?? null;
}
