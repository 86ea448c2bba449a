import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { rowsOf } from "#db/rows";
import { pairFactsCtes, type CertStatus, type ExamStatus } from "./progress-sql.server";
import type { TraineeFilters } from "./params";

export const PAGE_SIZE = 50;
/** The most rows an export writes (a center's whole history fits many times over). */
export const EXPORT_LIMIT = 50_000;

export interface TraineeRow {
  userId: string;
  name: string;
  contact: string | null;
  employer: string | null;
  levelSlug: string;
  cohorts: string | null;
  progress: number;
  hours: number;
  /** Best graded score in percent of the maximum (one decimal), or null. */
  bestScore: number | null;
  examStatus: ExamStatus;
  certStatus: CertStatus;
}

// Whitelisted sort keys: the query string picks one of these, never a column name of its own.
const SORTS: Record<TraineeFilters["sort"], SQL> = {
  name: sql`t.name`,
  progress: sql`t.progress`,
  hours: sql`t.hours`,
  score: sql`t.best_permille`,
};

/** `%` and `_` typed in the search box are matched literally. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One row per person and level at a center: levels of the center's cohorts they belong to, and levels
 * whose courses its current trainees have enrolled in. Filtered, sorted and paged in SQL.
 *
 * Sorted by name with no filter on exam or certificate (the table as it opens), the page is cut before the
 * progress, hours, exam and certificate are worked out, so a center of thousands computes them for one page.
 */
export async function traineeRows(
  db: DbOrTx,
  centerId: string,
  filters: TraineeFilters,
  options: { limit: number; offset: number; now?: Date },
): Promise<{ rows: TraineeRow[]; total: number }> {
  // Conditions on who the person is (checked before the facts) and on the facts themselves.
  const conditions: SQL[] = [];
  if (filters.level) conditions.push(sql`b.level_slug = ${filters.level}`);
  if (filters.cohort)
    conditions.push(sql`(b.user_id, b.level_slug) in (
      select cm.user_id, co.level_slug from cohort_members cm join cohorts co on co.id = cm.cohort_id
      where co.id = ${filters.cohort}::uuid and co.center_id = ${centerId}::uuid)`);
  if (filters.q) {
    const pattern = likePattern(filters.q);
    conditions.push(
      sql`(b.name ilike ${pattern} or b.phone like ${pattern} or b.email ilike ${pattern} or b.employer ilike ${pattern})`,
    );
  }
  const factConditions: SQL[] = [];
  if (filters.exam) factConditions.push(sql`t.exam_status = ${filters.exam}`);
  if (filters.cert) factConditions.push(sql`t.cert_status = ${filters.cert}`);
  const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const factWhere = factConditions.length ? sql`where ${sql.join(factConditions, sql` and `)}` : sql``;
  const direction = filters.dir === "desc" ? sql.raw("desc") : sql.raw("asc");
  const pageFirst = factConditions.length === 0 && filters.sort === "name";
  const page = sql`limit ${options.limit} offset ${options.offset}`;
  // The same order either way: the page cut early is the page cut late.
  const pairs = pageFirst
    ? sql`pairs as materialized (
        select b.*, count(*) over () as total from base b
        order by b.name ${direction} nulls last, b.name, b.level_position, b.user_id
        ${page}
      )`
    : sql`pairs as (select * from base)`;
  const rows = rowsOf<{
    user_id: string;
    name: string;
    email: string | null;
    phone: string | null;
    employer: string | null;
    level_slug: string;
    cohorts: string | null;
    progress: number | string;
    hours: number | string;
    best_permille: number | string | null;
    exam_status: ExamStatus;
    cert_status: CertStatus;
    total: number | string;
  }>(
    await db.execute(sql`
      with people_levels as (
        select cm.user_id, co.level_slug from cohort_members cm join cohorts co on co.id = cm.cohort_id
        where co.center_id = ${centerId}::uuid
        union
        select m.user_id, c.level_slug from memberships m
        join enrolments e on e.user_id = m.user_id join courses c on c.id = e.course_id
        where m.role = 'trainee' and m.organization_id = ${centerId}::uuid
      ),
      base as (
        select * from (
          select pl.user_id, pl.level_slug, l.position as level_position, u.name, u.email, u.phone, tp.employer
          from people_levels pl
          join users u on u.id = pl.user_id
          join levels l on l.slug = pl.level_slug
          left join trainee_profiles tp on tp.user_id = pl.user_id
        ) b
        ${where}
      ),
      ${pairs},
      ${pairFactsCtes(options.now ?? new Date())},
      names as (
        select cm.user_id, co.level_slug, string_agg(co.name, '、' order by co.starts_on) as cohorts
        from cohort_members cm join cohorts co on co.id = cm.cohort_id
        where co.center_id = ${centerId}::uuid and cm.user_id in (select user_id from pairs)
        group by cm.user_id, co.level_slug
      ),
      t as (
        select f.user_id, f.level_slug, p.level_position, p.name, p.email, p.phone, p.employer, n.cohorts,
               round(f.share * 100)::int as progress, floor(f.seconds / 360.0) / 10 as hours,
               f.best_permille, f.exam_status, f.cert_status${pageFirst ? sql`, p.total` : sql``}
        from facts f
        join pairs p on p.user_id = f.user_id and p.level_slug = f.level_slug
        left join names n on n.user_id = f.user_id and n.level_slug = f.level_slug
      )
      select t.*${pageFirst ? sql`` : sql`, count(*) over () as total`} from t
      ${factWhere}
      order by ${SORTS[filters.sort]} ${direction} nulls last, t.name, t.level_position, t.user_id
      ${pageFirst ? sql`` : page}`),
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      userId: r.user_id,
      name: r.name,
      contact: r.phone ?? r.email,
      employer: r.employer,
      levelSlug: r.level_slug,
      cohorts: r.cohorts,
      progress: Number(r.progress),
      hours: Number(r.hours),
      bestScore: r.best_permille === null ? null : Number(r.best_permille) / 10,
      examStatus: r.exam_status,
      certStatus: r.cert_status,
    })),
  };
}
