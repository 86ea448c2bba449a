import { sql, type SQL } from "drizzle-orm";

/**
 * Per person and level (the `pairs` CTE the caller defines: user_id, level_slug), what the dashboards show:
 * lessons of the level's required courses completed, seconds studied on them, exam results and the current
 * certificate. Shared by the cohort figures and the trainee table so both count alike.
 *
 * - progress: completed ÷ current lessons of the level's required courses (as on the trainee's path);
 * - study time: seconds on every lesson of those courses, retired lessons included (it was studied);
 * - exam: graded attempts, whether any passed, the best score in ‰ of the maximum, an open attempt, an
 *   attempt closed but not yet graded (essays);
 * - certificate: the current one (not revoked or superseded) if any, else the latest, with its status at `now`
 *   (left out with `certificate: false`, for a caller that does not show it: the cohort figures).
 */
export function pairFactsCtes(now: Date, options: { certificate?: boolean } = {}): SQL {
  const withCertificate = options.certificate ?? true;
  return sql`
    req as (
      select l.slug as level_slug, ls.id as lesson_id, (ls.retired_at is null and c.retired_at is null) as current
      from levels l
      cross join lateral jsonb_array_elements_text(l.config -> 'requiredCourses') as rc(slug)
      join courses c on c.slug = rc.slug
      join lessons ls on ls.course_id = c.id
    ),
    req_total as (
      select level_slug, count(*) filter (where current) as total from req group by level_slug
    ),
    study as (
      select p.user_id, p.level_slug,
             count(lp.completed_at) filter (where r.current) as done,
             coalesce(sum(lp.seconds_spent), 0) as seconds
      from pairs p
      join req r on r.level_slug = p.level_slug
      join lesson_progress lp on lp.user_id = p.user_id and lp.lesson_id = r.lesson_id
      group by p.user_id, p.level_slug
    ),
    exam as (
      select a.user_id, a.level_slug,
             count(*) filter (where a.graded_at is not null and a.passed is not null) as graded,
             coalesce(bool_or(a.passed) filter (where a.graded_at is not null), false) as passed,
             max(a.score_tenths * 1000 / nullif(a.max_tenths, 0)) filter (where a.graded_at is not null) as best_permille,
             bool_or(a.status = 'open') as open,
             bool_or(a.status <> 'open' and a.graded_at is null) as pending
      from exam_attempts a
      join pairs p on p.user_id = a.user_id and p.level_slug = a.level_slug
      group by a.user_id, a.level_slug
    ),
    ${withCertificate ? certCte(now) : sql``}
    facts as (
      select p.user_id, p.level_slug,
             case when coalesce(rt.total, 0) > 0 then least(1.0, coalesce(st.done, 0)::float / rt.total) else 0 end as share,
             coalesce(st.seconds, 0)::bigint as seconds,
             coalesce(ex.graded, 0) > 0 as sat,
             coalesce(ex.passed, false) as passed,
             ex.best_permille,
             case when ex.passed then 'passed'
                  when ex.open then 'in_progress'
                  when ex.pending then 'pending'
                  when coalesce(ex.graded, 0) > 0 then 'failed'
                  else 'not_taken' end as exam_status,
             ${withCertificate ? sql`coalesce(ce.status, 'none')` : sql`'none'`} as cert_status
      from pairs p
      left join req_total rt on rt.level_slug = p.level_slug
      left join study st on st.user_id = p.user_id and st.level_slug = p.level_slug
      left join exam ex on ex.user_id = p.user_id and ex.level_slug = p.level_slug
      ${withCertificate ? sql`left join cert ce on ce.user_id = p.user_id and ce.level_slug = p.level_slug` : sql``}
    )`;
}

/** Per person and level of `pairs`, their current certificate (else the latest) and its status at `now`. */
function certCte(now: Date): SQL {
  return sql`
    cert as (
      select distinct on (c.user_id, c.level_slug) c.user_id, c.level_slug, c.center_id,
             case when c.revoked_at is not null then 'revoked'
                  when c.superseded_at is not null then 'superseded'
                  when c.expires_at is not null and c.expires_at <= ${now.toISOString()}::timestamptz then 'expired'
                  else 'valid' end as status
      from certificates c
      join pairs p on p.user_id = c.user_id and p.level_slug = c.level_slug
      order by c.user_id, c.level_slug, (c.revoked_at is null and c.superseded_at is null) desc, c.issued_at desc
    ),`;
}

export const EXAM_STATUSES = ["not_taken", "in_progress", "pending", "passed", "failed"] as const;
export type ExamStatus = (typeof EXAM_STATUSES)[number];
export const CERT_STATUSES = ["none", "valid", "expired", "revoked", "superseded"] as const;
export type CertStatus = (typeof CERT_STATUSES)[number];
