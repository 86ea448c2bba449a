import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { levels, levelVersions } from "#db/schema";
import type { LevelsConfig } from "./catalog.server";

export interface LevelAtVersion {
  version: number;
  config: LevelsConfig;
  origin: "file" | "app";
  createdAt: Date;
}

/**
 * A level's rules as they were at one version (null: the current one). Attempts keep the version they were
 * started under and certificates the one they were issued under, so a change published later applies only to
 * new attempts and new certificates. Null when there is no such level.
 */
// Read on every exam start, exam page and briefing: prepared once per database handle (docs/performance.md).
const currentLevelStatement = preparedFor((db) =>
  db
    .select({ version: levels.currentVersion, config: levels.config, origin: levels.origin, loadedAt: levels.loadedAt })
    .from(levels)
    .where(eq(levels.slug, sql.placeholder("levelSlug")))
    .prepare("current_level_at"),
);

export async function levelAt(db: DbOrTx, levelSlug: string, version?: number | null): Promise<LevelAtVersion | null> {
  const [current] = await currentLevelStatement(db).execute({ levelSlug });
  if (!current) return null;
  const wanted = version ?? current.version;
  // The current version is the levels row itself (what the catalog and eligibility read too).
  if (wanted === current.version)
    return { version: current.version, config: current.config as LevelsConfig, origin: current.origin, createdAt: current.loadedAt };
  const [row] = await db
    .select()
    .from(levelVersions)
    .where(and(eq(levelVersions.levelSlug, levelSlug), eq(levelVersions.version, wanted)));
  if (row) return { version: row.version, config: row.config as LevelsConfig, origin: row.origin, createdAt: row.createdAt };
  // A version that was never recorded (a level written before versions were kept): the current rules.
  return { version: current.version, config: current.config as LevelsConfig, origin: current.origin, createdAt: current.loadedAt };
}

/** The version of a level's rules in force now (for a new attempt or certificate to record), or null. */
export async function currentLevelVersion(db: DbOrTx, levelSlug: string): Promise<number | null> {
  const [row] = await db.select({ version: levels.currentVersion }).from(levels).where(eq(levels.slug, levelSlug));
  return row?.version ?? null;
}
