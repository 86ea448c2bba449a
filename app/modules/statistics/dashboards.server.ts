import type { DbOrTx } from "#db/client";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { cohortFiguresByCenter, cohortFiguresOfCenter } from "./cohort-figures.server";
import { byYear, liveFacts, totalsByLevel } from "./facts.server";
import type { RegionFilters, TraineeFilters } from "./params";
import { PAGE_SIZE, traineeRows } from "./trainee-table.server";

type Actor = Pick<SessionUser, "memberships">;
export interface CenterRef {
  id: string;
  regionId: string | null;
}

async function levelList(db: DbOrTx) {
  return (await loadLevels(db)).map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn }));
}

/** The center's figures: totals by level and year (live), its cohorts, and a page of its trainees. */
export async function centerDashboard(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  filters: TraineeFilters,
  now = new Date(),
) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const levels = await levelList(db);
  const order = levels.map((l) => l.slug);
  const facts = await liveFacts(db, { centerId: center.id });
  const cohorts = await cohortFiguresOfCenter(db, center.id, { level: filters.level, now });
  let page = filters.page;
  let trainees = await traineeRows(db, center.id, filters, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, now });
  // A page past the end (a stale link) shows the first page rather than an empty table.
  if (trainees.rows.length === 0 && page > 1) {
    page = 1;
    trainees = await traineeRows(db, center.id, filters, { limit: PAGE_SIZE, offset: 0, now });
  }
  return {
    levels,
    totals: totalsByLevel(facts, order),
    years: byYear(facts, order),
    cohorts,
    trainees: { ...trainees, page, pageSize: PAGE_SIZE },
  };
}

/** A region's figures: totals by level and year, and per center its cohorts' figures with its totals. */
export async function regionDashboard(
  db: DbOrTx,
  actor: Actor,
  regionId: string,
  filters: RegionFilters,
  now = new Date(),
) {
  requirePermission(actor, "view:region", { regionId });
  const levels = await levelList(db);
  const order = levels.map((l) => l.slug);
  const facts = await liveFacts(db, { regionId });
  const scoped = filters.level ? facts.filter((f) => f.levelSlug === filters.level) : facts;
  const centers = await cohortFiguresByCenter(db, regionId, { level: filters.level, now });
  return {
    levels,
    totals: totalsByLevel(facts, order),
    years: byYear(scoped, order),
    // A center's row counts sat, passed and certified as its own dashboard and the national statistics do
    // (`record`, facts.server.ts), so the region's tiles are the sum of its rows (metrics.ts).
    centers: centers.map((c) => {
      const record = totalsByLevel(
        scoped.filter((f) => f.centerId === c.centerId),
        order,
      ).total;
      return { ...c, sat: record.sat, passed: record.passed, certified: record.certified, record };
    }),
  };
}
