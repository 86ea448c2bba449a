import { sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { priorLevelsQuery, priorQualificationLevels } from "~/modules/learning/index.server";
import { validCertificateLevels, validLevelsQuery } from "./held.server";

/**
 * "Held levels": a valid certificate, or an equivalent qualification recorded by center staff (learning's).
 * Certificates sits above learning, so it answers this for learning's callers (routes, workflows), who pass
 * the answer down to learning and exams.
 */

// Asked on every lesson page: prepared once per database handle, one round trip for both sources.
const heldLevelsStatement = preparedFor((db) => {
  const userId = sql.placeholder("userId");
  return priorLevelsQuery(db, userId).union(validLevelsQuery(db, userId)).prepare("held_levels_of");
});

/** The levels one person holds now. */
export async function heldLevelsOf(db: DbOrTx, userId: string): Promise<Set<string>> {
  const rows = await heldLevelsStatement(db).execute({ userId });
  return new Set(rows.map((r) => r.levelSlug));
}

/** The levels each of these people holds now (two queries whatever their number). */
export async function heldLevelsOfMany(db: DbOrTx, userIds: string[]): Promise<Map<string, Set<string>>> {
  const [prior, certified] = await Promise.all([
    priorQualificationLevels(db, userIds),
    validCertificateLevels(db, userIds),
  ]);
  const held = new Map<string, Set<string>>();
  for (const id of userIds) held.set(id, new Set([...(prior.get(id) ?? []), ...(certified.get(id) ?? [])]));
  return held;
}
