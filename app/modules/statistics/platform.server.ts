import { and, asc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { organizations, regions, statisticsFacts } from "#db/schema";
import { homePlaces, type SessionUser } from "~/modules/orgs/index.server";
import { forbidden } from "~/utils/errors.server";
import { loadLevels } from "~/modules/content/index.server";
import { inLevelOrder } from "./metrics";
import { freshSummary } from "./summary.server";

type Actor = Pick<SessionUser, "memberships">;

export interface PlatformFilters {
  level?: string;
  region?: string;
  center?: string;
}

interface Sums {
  trained: number;
  certified: number;
  sat: number;
  passed: number;
}

const sums = {
  trained: sql<number>`sum(${statisticsFacts.trained})::int`,
  certified: sql<number>`sum(${statisticsFacts.certified})::int`,
  sat: sql<number>`sum(${statisticsFacts.sat})::int`,
  passed: sql<number>`sum(${statisticsFacts.passed})::int`,
};
const numbers = <T extends Sums>(r: T): T => ({
  ...r,
  trained: Number(r.trained),
  certified: Number(r.certified),
  sat: Number(r.sat),
  passed: Number(r.passed),
});

/**
 * What this person may see of the national statistics: everything for platform admins, their regions for
 * region admins, their centers for center staff; nothing for anyone else.
 */
export function statisticsScope(actor: Actor) {
  const places = homePlaces(actor);
  if (places.platformAdmin) return { all: true as const, regionIds: [] as string[], centerIds: [] as string[] };
  if (!places.regionIds.length && !places.centerIds.length) throw forbidden();
  return { all: false as const, regionIds: places.regionIds, centerIds: places.centerIds };
}

/** The regions and centers offered as filters: those within the viewer's scope. */
export async function statisticsPlaces(db: DbOrTx, actor: Actor) {
  const scope = statisticsScope(actor);
  const visible = scope.all
    ? undefined
    : or(
        scope.regionIds.length ? inArray(organizations.regionId, scope.regionIds) : undefined,
        scope.centerIds.length ? inArray(organizations.id, scope.centerIds) : undefined,
      );
  const centers = await db
    .select({
      id: organizations.id,
      nameZh: organizations.nameZh,
      nameEn: organizations.nameEn,
      regionId: organizations.regionId,
    })
    .from(organizations)
    .innerJoin(regions, eq(regions.id, organizations.regionId))
    .where(and(eq(organizations.kind, "training_center"), visible))
    .orderBy(asc(regions.code), asc(organizations.nameZh));
  const regionIds = [...new Set(centers.map((c) => c.regionId!))];
  const regionRows = regionIds.length
    ? await db
        .select({ id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn })
        .from(regions)
        .where(inArray(regions.id, regionIds))
        .orderBy(asc(regions.code))
    : [];
  return { regions: regionRows, centers };
}

/**
 * Trained, certified, sat and passed by level × year, by region and by center, from the pre-aggregated
 * summary (rebuilt when older than a few minutes), within the viewer's scope and the chosen filters.
 */
export async function platformStatistics(db: DbOrTx, actor: Actor, filters: PlatformFilters) {
  const scope = statisticsScope(actor);
  const snapshot = await freshSummary(db);
  const where: (SQL | undefined)[] = [];
  if (!scope.all)
    where.push(
      or(
        scope.regionIds.length ? inArray(statisticsFacts.regionId, scope.regionIds) : undefined,
        scope.centerIds.length ? inArray(statisticsFacts.centerId, scope.centerIds) : undefined,
      ),
    );
  if (filters.level) where.push(eq(statisticsFacts.levelSlug, filters.level));
  if (filters.region) where.push(eq(statisticsFacts.regionId, filters.region));
  if (filters.center) where.push(eq(statisticsFacts.centerId, filters.center));
  const condition = and(...where);

  const [byYearLevel, byCenterLevel] = await Promise.all([
    db
      .select({ year: statisticsFacts.year, levelSlug: statisticsFacts.levelSlug, ...sums })
      .from(statisticsFacts)
      .where(condition)
      .groupBy(statisticsFacts.year, statisticsFacts.levelSlug)
      .orderBy(asc(statisticsFacts.year)),
    db
      .select({
        regionId: statisticsFacts.regionId,
        regionCode: regions.code,
        regionNameZh: regions.nameZh,
        regionNameEn: regions.nameEn,
        centerId: statisticsFacts.centerId,
        centerNameZh: organizations.nameZh,
        centerNameEn: organizations.nameEn,
        levelSlug: statisticsFacts.levelSlug,
        ...sums,
      })
      .from(statisticsFacts)
      .leftJoin(organizations, eq(organizations.id, statisticsFacts.centerId))
      .leftJoin(regions, eq(regions.id, statisticsFacts.regionId))
      .where(condition)
      .groupBy(
        statisticsFacts.regionId,
        regions.code,
        regions.nameZh,
        regions.nameEn,
        statisticsFacts.centerId,
        organizations.nameZh,
        organizations.nameEn,
        statisticsFacts.levelSlug,
      )
      .orderBy(asc(regions.code), asc(organizations.nameZh)),
  ]);
  const order = (await loadLevels(db)).map((l) => l.slug);
  return {
    refreshedAt: snapshot.refreshedAt,
    byYearLevel: inLevelOrder(byYearLevel.map(numbers), order, (r) => String(r.year)),
    byCenterLevel: inLevelOrder(byCenterLevel.map(numbers), order, (r) => `${r.regionId}|${r.centerId}`),
  };
}
