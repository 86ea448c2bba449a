import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { rowsOf } from "#db/rows";

/** Whose records a live computation may look at: one center, one region, or everyone (null). */
export type FactScope = { centerId: string } | { regionId: string } | null;

export interface FactRow {
  levelSlug: string;
  regionId: string | null;
  centerId: string | null;
  year: number;
  trained: number;
  certified: number;
  sat: number;
  passed: number;
}

/**
 * The people who can have a record at the scope, per kind of record: trained there — members of its cohorts;
 * certified there — holders of its certificates; sat there — members of its cohorts and its trainees (a sitting
 * counts at the center of the latest cohort, else at the trainee's center). Restricting each kind to its own
 * people first keeps a center's figures cheap on a national database and at a center of thousands of trainees.
 */
function candidates(scope: FactScope): SQL {
  if (!scope) return sql``;
  const centers =
    "centerId" in scope
      ? sql`select ${scope.centerId}::uuid`
      : sql`select id from organizations where region_id = ${scope.regionId}::uuid`;
  return sql`cand_members as (
      select distinct cm.user_id from cohort_members cm join cohorts co on co.id = cm.cohort_id
      where co.center_id in (${centers})
    ),
    cand_holders as (select distinct c.user_id from certificates c where c.center_id in (${centers})),
    cand_sitters as (
      select user_id from cand_members
      union select m.user_id from memberships m where m.role = 'trainee' and m.organization_id in (${centers})
    ),`;
}

/**
 * The statistics' definitions, in one query (docs/statistics.md):
 * - trained: a person is trained in a level once, at the center and in the year (of its end) of the first
 *   CLOSED cohort of that level they were a member of;
 * - certified: a person is certified in a level once, at the center and in the year (Asia/Shanghai) of
 *   their first certificate of it that was not revoked (a renewal does not count again);
 * - sat / passed: a person sat a level's exam in the year of their first graded attempt, and passed if
 *   any graded attempt passed; they count at the center of their latest cohort of that level, else at
 *   the center they are a trainee of.
 * Returns rows per level, center (with its region) and year.
 */
export function factsQuery(scope: FactScope): SQL {
  const only = (column: SQL, people: "members" | "holders" | "sitters") =>
    scope ? sql`and ${column} in (select user_id from ${sql.raw(`cand_${people}`)})` : sql``;
  const where = !scope
    ? sql``
    : "centerId" in scope
      ? sql`where r.center_id = ${scope.centerId}::uuid`
      : sql`where org.region_id = ${scope.regionId}::uuid`;
  return sql`
    with ${candidates(scope)}
    trained as (
      select distinct on (cm.user_id, co.level_slug) cm.user_id, co.level_slug, co.center_id,
             extract(year from co.ends_on)::int as year
      from cohort_members cm join cohorts co on co.id = cm.cohort_id
      where co.closed_at is not null ${only(sql`cm.user_id`, "members")}
      order by cm.user_id, co.level_slug, co.ends_on, co.id
    ),
    certified as (
      select distinct on (c.user_id, c.level_slug) c.user_id, c.level_slug, c.center_id,
             extract(year from c.issued_at at time zone 'Asia/Shanghai')::int as year
      from certificates c
      where c.revoked_at is null ${only(sql`c.user_id`, "holders")}
      order by c.user_id, c.level_slug, c.issued_at, c.id
    ),
    outcomes as (
      select a.user_id, a.level_slug, min(a.graded_at) as first_graded, bool_or(a.passed) as passed
      from exam_attempts a
      where a.graded_at is not null and a.passed is not null ${only(sql`a.user_id`, "sitters")}
      group by a.user_id, a.level_slug
    ),
    -- Where a sitting counts is looked up only for the people who sat: at a center of thousands of trainees
    -- most have no graded attempt yet.
    latest_cohort as (
      select distinct on (cm.user_id, co.level_slug) cm.user_id, co.level_slug, co.center_id
      from cohort_members cm join cohorts co on co.id = cm.cohort_id
      where cm.user_id in (select user_id from outcomes)
      order by cm.user_id, co.level_slug, co.starts_on desc, co.id desc
    ),
    home as (
      select distinct on (m.user_id) m.user_id, m.organization_id as center_id
      from memberships m
      where m.role = 'trainee' and m.organization_id is not null and m.user_id in (select user_id from outcomes)
      order by m.user_id, m.created_at desc
    ),
    sat as (
      select o.level_slug, coalesce(lc.center_id, h.center_id) as center_id,
             extract(year from o.first_graded at time zone 'Asia/Shanghai')::int as year, o.passed
      from outcomes o
      left join latest_cohort lc on lc.user_id = o.user_id and lc.level_slug = o.level_slug
      left join home h on h.user_id = o.user_id
    ),
    records as (
      select level_slug, center_id, year, 1 as trained, 0 as certified, 0 as sat, 0 as passed from trained
      union all select level_slug, center_id, year, 0, 1, 0, 0 from certified
      union all select level_slug, center_id, year, 0, 0, 1, case when passed then 1 else 0 end from sat
    )
    select r.level_slug, org.region_id, r.center_id, r.year,
           sum(r.trained)::int as trained, sum(r.certified)::int as certified,
           sum(r.sat)::int as sat, sum(r.passed)::int as passed
    from records r left join organizations org on org.id = r.center_id
    ${where}
    group by r.level_slug, org.region_id, r.center_id, r.year`;
}

/** The facts computed now for one center or region (its dashboards are live, not from the summary). */
export async function liveFacts(db: DbOrTx, scope: NonNullable<FactScope>): Promise<FactRow[]> {
  const rows = rowsOf<{
    level_slug: string;
    region_id: string | null;
    center_id: string | null;
    year: number | string;
    trained: number | string;
    certified: number | string;
    sat: number | string;
    passed: number | string;
  }>(await db.execute(factsQuery(scope)));
  return rows.map((r) => ({
    levelSlug: r.level_slug,
    regionId: r.region_id,
    centerId: r.center_id,
    year: Number(r.year),
    trained: Number(r.trained),
    certified: Number(r.certified),
    sat: Number(r.sat),
    passed: Number(r.passed),
  }));
}

export interface LevelTotals {
  levelSlug: string;
  trained: number;
  certified: number;
  sat: number;
  passed: number;
}

/** Facts summed per level (in the order given), plus the whole. */
export function totalsByLevel(facts: FactRow[], levelOrder: string[]) {
  const byLevel = levelOrder.map<LevelTotals>((levelSlug) => {
    const mine = facts.filter((f) => f.levelSlug === levelSlug);
    const sum = (k: "trained" | "certified" | "sat" | "passed") => mine.reduce((n, f) => n + f[k], 0);
    return { levelSlug, trained: sum("trained"), certified: sum("certified"), sat: sum("sat"), passed: sum("passed") };
  });
  const total = byLevel.reduce(
    (t, l) => ({
      ...t,
      trained: t.trained + l.trained,
      certified: t.certified + l.certified,
      sat: t.sat + l.sat,
      passed: t.passed + l.passed,
    }),
    { levelSlug: "all", trained: 0, certified: 0, sat: 0, passed: 0 },
  );
  return { byLevel, total };
}

/** Facts summed per year and level: the rows of a "by year" table, oldest year first. */
export function byYear(facts: FactRow[], levelOrder: string[]) {
  const years = [...new Set(facts.map((f) => f.year))].sort((a, b) => a - b);
  return years.map((year) => ({
    year,
    ...totalsByLevel(
      facts.filter((f) => f.year === year),
      levelOrder,
    ),
  }));
}

/** Passed ÷ sat as a percentage with one decimal, or null when nobody sat. */
export function passRate(passed: number, sat: number): number | null {
  return sat > 0 ? Math.round((passed / sat) * 1000) / 10 : null;
}
