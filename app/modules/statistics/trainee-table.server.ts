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
 */
export async function traineeRows(
  db: DbOrTx,
  centerId: string,
  filters: TraineeFilters,
  options: { limit: number; offset: number; now?: Date },
): Promise<{ rows: TraineeRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (filters.level) conditions.push(sql`t.level_slug = ${filters.level}`);
  if (filters.cohort)
    conditions.push(sql`(t.user_id, t.level_slug) in (
      select cm.user_id, co.level_slug from cohort_members cm join cohorts co on co.id = cm.cohort_id
      where co.id = ${filters.cohort}::uuid and co.center_id = ${centerId}::uuid)`);
  if (filters.exam) conditions.push(sql`t.exam_status = ${filters.exam}`);
  if (filters.cert) conditions.push(sql`t.cert_status = ${filters.cert}`);
  if (filters.q) {
    const pattern = likePattern(filters.q);
    conditions.push(
      sql`(t.name ilike ${pattern} or t.phone like ${pattern} or t.email ilike ${pattern} or t.employer ilike ${pattern})`,
    );
  }
  const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const direction = filters.dir === "desc" ? sql.raw("desc") : sql.raw("asc");
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
      with pairs as (
        select cm.user_id, co.level_slug from cohort_members cm join cohorts co on co.id = cm.cohort_id
        where co.center_id = ${centerId}::uuid
        union
        select m.user_id, c.level_slug from memberships m
        join enrolments e on e.user_id = m.user_id join courses c on c.id = e.course_id
        where m.role = 'trainee' and m.organization_id = ${centerId}::uuid
      ),
      ${pairFactsCtes(options.now ?? new Date())},
      names as (
        select cm.user_id, co.level_slug, string_agg(co.name, '、' order by co.starts_on) as cohorts
        from cohort_members cm join cohorts co on co.id = cm.cohort_id
        where co.center_id = ${centerId}::uuid
        group by cm.user_id, co.level_slug
      ),
      t as (
        select f.user_id, f.level_slug, l.position as level_position, u.name, u.email, u.phone, tp.employer, n.cohorts,
               round(f.share * 100)::int as progress, floor(f.seconds / 360.0) / 10 as hours,
               f.best_permille, f.exam_status, f.cert_status
        from facts f
        join users u on u.id = f.user_id
        join levels l on l.slug = f.level_slug
        left join trainee_profiles tp on tp.user_id = f.user_id
        left join names n on n.user_id = f.user_id and n.level_slug = f.level_slug
      )
      select t.*, count(*) over () as total from t
      ${where}
      order by ${SORTS[filters.sort]} ${direction} nulls last, t.name, t.level_position, t.user_id
      limit ${options.limit} offset ${options.offset}`),
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
