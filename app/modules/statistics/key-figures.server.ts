import type { DbOrTx } from "#db/client";
import { loadLevels } from "~/modules/content/index.server";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { liveFacts, totalsByLevel } from "./facts.server";
import { type MetricCounts, passRateOf, sumCounts } from "./metrics";
import { platformStatistics } from "./platform.server";

type Actor = Pick<SessionUser, "memberships">;

export type KeyFigures = MetricCounts & { passRate: number | null };

/**
 * The headline figures of a center, a region or the whole platform (home pages): the same facts and
 * definitions as its dashboard (metrics.ts) — live for a center or region, the summary for the platform.
 */
export async function keyFigures(
  db: DbOrTx,
  actor: Actor,
  scope: { centerId: string; regionId: string | null } | { regionId: string } | "platform",
): Promise<KeyFigures> {
  let counts: MetricCounts;
  if (scope === "platform") {
    requirePermission(actor, "admin:platform");
    counts = sumCounts((await platformStatistics(db, actor, {})).byYearLevel);
  } else {
    if ("centerId" in scope)
      requirePermission(actor, "view:center", { centerId: scope.centerId, regionId: scope.regionId });
    else requirePermission(actor, "view:region", { regionId: scope.regionId });
    const order = (await loadLevels(db)).map((l) => l.slug);
    const facts = await liveFacts(
      db,
      "centerId" in scope ? { centerId: scope.centerId } : { regionId: scope.regionId },
    );
    const { trained, certified, sat, passed } = totalsByLevel(facts, order).total;
    counts = { trained, certified, sat, passed };
  }
  return { ...counts, passRate: passRateOf(counts.passed, counts.sat) };
}
