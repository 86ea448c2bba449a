import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { statisticsFacts, statisticsSnapshots } from "#db/schema";
import { factsQuery } from "./facts.server";

const KEY = "platform";
/** How old the national summary may be before a page view rebuilds it. */
export const SUMMARY_MAX_AGE_MS = 5 * 60_000;

/**
 * Rebuilds statistics_facts from cohorts, certificates and attempts (factsQuery, no scope), in one
 * transaction. Refreshes are serialised on the snapshot row; with `onlyIfStale`, a refresh already
 * running elsewhere — or one that finished while this one waited — is left to stand.
 */
export async function refreshStatistics(db: DbOrTx, options: { now?: Date; onlyIfStale?: boolean } = {}) {
  const now = options.now ?? new Date();
  const started = performance.now();
  return db.transaction(async (tx) => {
    await tx
      .insert(statisticsSnapshots)
      .values({ key: KEY, refreshedAt: new Date(0), durationMs: 0 })
      .onConflictDoNothing();
    const locked = tx.select().from(statisticsSnapshots).where(eq(statisticsSnapshots.key, KEY));
    const [snapshot] = options.onlyIfStale
      ? await locked.for("update", { skipLocked: true })
      : await locked.for("update");
    if (!snapshot) return { refreshed: false };
    if (options.onlyIfStale && now.getTime() - snapshot.refreshedAt.getTime() < SUMMARY_MAX_AGE_MS)
      return { refreshed: false };
    await tx.delete(statisticsFacts);
    await tx.execute(
      sql`insert into statistics_facts (level_slug, region_id, center_id, year, trained, certified, sat, passed) ${factsQuery(null)}`,
    );
    const durationMs = Math.round(performance.now() - started);
    await tx.update(statisticsSnapshots).set({ refreshedAt: now, durationMs }).where(eq(statisticsSnapshots.key, KEY));
    return { refreshed: true, durationMs };
  });
}

/** When the summary was built; rebuilds it first when it is missing or older than SUMMARY_MAX_AGE_MS. */
export async function freshSummary(db: DbOrTx, now = new Date()): Promise<{ refreshedAt: Date; durationMs: number }> {
  const read = async () => (await db.select().from(statisticsSnapshots).where(eq(statisticsSnapshots.key, KEY)))[0];
  const snapshot = await read();
  if (snapshot && now.getTime() - snapshot.refreshedAt.getTime() < SUMMARY_MAX_AGE_MS) return snapshot;
  await refreshStatistics(db, { now, onlyIfStale: true });
  return (await read()) ?? { refreshedAt: now, durationMs: 0 };
}
