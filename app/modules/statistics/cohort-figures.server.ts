import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { rowsOf } from "#db/rows";
import { pairFactsCtes } from "./progress-sql.server";

/** Members by share of the level's required lessons completed: 0–25, 25–50, 50–75, 75–100 %. */
export type ProgressBands = [number, number, number, number];

export interface CohortFigures {
  id: string;
  centerId: string;
  name: string;
  levelSlug: string;
  startsOn: string;
  endsOn: string;
  closedAt: string | null;
  capacity: number;
  members: number;
  progress: ProgressBands;
  meanHours: number;
  sat: number;
  passed: number;
  certified: number;
}

/**
 * Cohorts chosen by `where` (on `co`), their members, and each member's facts at the cohort's level (`mf`):
 * progress share, seconds, sat, passed, and whether the cohort's center issued them the level's
 * certificate (not revoked).
 */
function cohortMemberFacts(where: SQL, now: Date): SQL {
  return sql`
    with cs as (
      select co.id, co.center_id, co.name, co.level_slug, co.starts_on, co.ends_on, co.closed_at, co.capacity
      from cohorts co where ${where}
    ),
    m as (
      select cm.cohort_id, cm.user_id, cs.level_slug, cs.center_id
      from cohort_members cm join cs on cs.id = cm.cohort_id
    ),
    pairs as (select distinct user_id, level_slug from m),
    ${pairFactsCtes(now, { certificate: false })},
    held as (
      select distinct c.user_id, c.level_slug, c.center_id
      from certificates c join pairs p on p.user_id = c.user_id and p.level_slug = c.level_slug
      where c.revoked_at is null
    ),
    -- Materialized: computed once, not again for every cohort when the planner guesses few rows (a center's
    -- members just imported, before the tables are analyzed).
    mf as materialized (
      select m.cohort_id, m.center_id, f.user_id, f.level_slug, f.share, f.seconds, f.sat, f.passed,
             h.user_id is not null as certified
      from m join facts f on f.user_id = m.user_id and f.level_slug = m.level_slug
      left join held h on h.user_id = m.user_id and h.level_slug = m.level_slug and h.center_id = m.center_id
    )`;
}

const bands = sql`
  count(*) filter (where mf.share < 0.25)::int as p0,
  count(*) filter (where mf.share >= 0.25 and mf.share < 0.5)::int as p1,
  count(*) filter (where mf.share >= 0.5 and mf.share < 0.75)::int as p2,
  count(*) filter (where mf.share >= 0.75)::int as p3,
  coalesce(avg(mf.seconds), 0)::float as mean_seconds,
  count(*) filter (where mf.sat)::int as sat,
  count(*) filter (where mf.passed)::int as passed,
  count(*) filter (where mf.certified)::int as certified`;

type BandRow = {
  p0: number | string;
  p1: number | string;
  p2: number | string;
  p3: number | string;
  mean_seconds: number | string;
  sat: number | string;
  passed: number | string;
  certified: number | string;
};
const bandFigures = (r: BandRow) => ({
  progress: [Number(r.p0), Number(r.p1), Number(r.p2), Number(r.p3)] as ProgressBands,
  meanHours: Math.round((Number(r.mean_seconds) / 3600) * 10) / 10,
  sat: Number(r.sat),
  passed: Number(r.passed),
  certified: Number(r.certified),
});

/** Per cohort of one center: enrolment, progress bands, mean study hours, exam results, certificates. */
export async function cohortFiguresOfCenter(
  db: DbOrTx,
  centerId: string,
  options: { level?: string; now?: Date } = {},
): Promise<CohortFigures[]> {
  const where = options.level
    ? sql`co.center_id = ${centerId}::uuid and co.level_slug = ${options.level}`
    : sql`co.center_id = ${centerId}::uuid`;
  const rows = rowsOf<
    BandRow & {
      id: string;
      center_id: string;
      name: string;
      level_slug: string;
      starts_on: string;
      ends_on: string;
      closed_at: Date | string | null;
      capacity: number;
      members: number | string;
    }
  >(
    await db.execute(sql`${cohortMemberFacts(where, options.now ?? new Date())}
      select cs.id, cs.center_id, cs.name, cs.level_slug, cs.starts_on::text as starts_on, cs.ends_on::text as ends_on,
             cs.closed_at, cs.capacity, count(mf.user_id)::int as members, ${bands}
      from cs left join mf on mf.cohort_id = cs.id
      group by cs.id, cs.center_id, cs.name, cs.level_slug, cs.starts_on, cs.ends_on, cs.closed_at, cs.capacity
      order by cs.starts_on desc, cs.name`),
  );
  return rows.map((r) => ({
    id: r.id,
    centerId: r.center_id,
    name: r.name,
    levelSlug: r.level_slug,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    capacity: Number(r.capacity),
    members: Number(r.members),
    ...bandFigures(r),
  }));
}

export interface CenterFigures {
  centerId: string;
  nameZh: string;
  nameEn: string;
  cohorts: number;
  openCohorts: number;
  seats: number;
  capacity: number;
  /** Distinct people and levels in the center's cohorts. */
  people: number;
  progress: ProgressBands;
  meanHours: number;
  sat: number;
  passed: number;
  certified: number;
}

/** The same figures per center of a region: cohorts and seats, and per person and level the rest. */
export async function cohortFiguresByCenter(
  db: DbOrTx,
  regionId: string,
  options: { level?: string; now?: Date } = {},
): Promise<CenterFigures[]> {
  const inRegion = sql`co.center_id in (select id from organizations where region_id = ${regionId}::uuid)`;
  const where = options.level ? sql`${inRegion} and co.level_slug = ${options.level}` : inRegion;
  const rows = rowsOf<
    BandRow & {
      id: string;
      name_zh: string;
      name_en: string;
      cohorts: number | string;
      open_cohorts: number | string;
      seats: number | string;
      capacity: number | string;
      people: number | string;
    }
  >(
    await db.execute(sql`${cohortMemberFacts(where, options.now ?? new Date())},
      per_person as (
        select distinct on (center_id, user_id, level_slug) center_id, user_id, level_slug, share, seconds, sat, passed, certified
        from mf order by center_id, user_id, level_slug, certified desc
      ),
      cohort_agg as (
        select center_id, count(*)::int as cohorts, count(*) filter (where closed_at is null)::int as open_cohorts,
               sum(capacity)::int as capacity
        from cs group by center_id
      ),
      seat_agg as (select center_id, count(*)::int as seats from m group by center_id),
      person_agg as (
        select mf.center_id, count(*)::int as people, ${bands}
        from per_person mf group by mf.center_id
      )
      select o.id, o.name_zh, o.name_en,
             coalesce(ca.cohorts, 0) as cohorts, coalesce(ca.open_cohorts, 0) as open_cohorts,
             coalesce(sa.seats, 0) as seats, coalesce(ca.capacity, 0) as capacity, coalesce(pa.people, 0) as people,
             coalesce(pa.p0, 0) as p0, coalesce(pa.p1, 0) as p1, coalesce(pa.p2, 0) as p2, coalesce(pa.p3, 0) as p3,
             coalesce(pa.mean_seconds, 0) as mean_seconds, coalesce(pa.sat, 0) as sat,
             coalesce(pa.passed, 0) as passed, coalesce(pa.certified, 0) as certified
      from organizations o
      left join cohort_agg ca on ca.center_id = o.id
      left join seat_agg sa on sa.center_id = o.id
      left join person_agg pa on pa.center_id = o.id
      where o.kind = 'training_center' and o.region_id = ${regionId}::uuid
      order by o.name_zh`),
  );
  return rows.map((r) => ({
    centerId: r.id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    cohorts: Number(r.cohorts),
    openCohorts: Number(r.open_cohorts),
    seats: Number(r.seats),
    capacity: Number(r.capacity),
    people: Number(r.people),
    ...bandFigures(r),
  }));
}
