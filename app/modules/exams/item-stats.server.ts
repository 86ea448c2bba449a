import { sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { can, type SessionUser, traineeIdsOfCenter } from "~/modules/orgs/index.server";
import { currentQuestionsSql, versionPointsSql } from "~/modules/content/index.server";
import { forbidden } from "~/utils/errors.server";
import { rowsOf } from "#db/rows";

type Actor = Pick<SessionUser, "id" | "memberships">;

export interface ItemStat {
  questionId: string;
  topic: string;
  externalId: string;
  type: string;
  used: number;
  /** Mean share of the points earned, 0–1. */
  facility: number;
  /** Facility in the top 27 % of attempts minus facility in the bottom 27 % (by total score). */
  discrimination: number | null;
}

export interface ItemStatistics {
  items: ItemStat[];
  /** Graded attempts in the scope: the total of the distribution. */
  attempts: number;
  alpha: number | null;
  /** Attempts per 10 % band of the score. */
  distribution: number[];
}

/**
 * Whose attempts count: a center's trainees for its staff, everyone for platform admins and the certification
 * body's content reviewers (who revise or retire the poor items they find).
 */
export function checkItemStatsScope(actor: Actor, centerId: string | undefined) {
  if (centerId) {
    if (!can(actor, "manage:center", { centerId }) && !can(actor, "admin:platform")) throw forbidden();
  } else if (!can(actor, "admin:platform") && !can(actor, "review:content")) throw forbidden();
}

/**
 * Item statistics over every graded attempt of a level, in SQL: per question its use, facility index and
 * discrimination index (upper and lower 27 %); per exam the score distribution and Cronbach's alpha, taking
 * the blueprint's sections as the items (every attempt has the same sections, not the same questions).
 */
export async function itemStatistics(db: DbOrTx, actor: Actor, levelSlug: string, centerId?: string) {
  checkItemStatsScope(actor, centerId);
  return liveItemStatistics(db, levelSlug, centerId);
}

/** The same figures for one level and scope, without asking who wants them (the job, the stored result's first fill). */
export async function liveItemStatistics(db: DbOrTx, levelSlug: string, centerId?: string): Promise<ItemStatistics> {
  const scope = centerId ? sql`and a.user_id in ${traineeIdsOfCenter(db, centerId)}` : sql``;
  const scored = sql`
    with graded as (
      -- Ranked by total score; the upper and lower groups are the top and bottom ceil(27 % of n) attempts.
      select a.id, a.items,
             row_number() over (order by a.score_tenths::float / nullif(a.max_tenths, 0), a.id) as rn,
             ceil(0.27 * count(*) over ()) as g, count(*) over () as n
      from exam_attempts a
      where a.level_slug = ${levelSlug} and a.graded_at is not null ${scope}
    ),
    items as (
      select g.id as attempt_id, g.rn, g.g, g.n, (i.ordinality - 1)::int as item,
             (i.value ->> 'versionId')::uuid as version_id, (i.value ->> 'section')::int as section
      from graded g, jsonb_array_elements(g.items) with ordinality as i(value, ordinality)
    ),
    scored as (
      select it.*, qv.question_id, qv.points_tenths as max_tenths,
             coalesce((select sum(aa.points_tenths) from attempt_answers aa
                       where aa.attempt_id = it.attempt_id and aa.item = it.item), 0)::float as got
      from items it join ${versionPointsSql} qv on qv.id = it.version_id
    )`;
  const itemRows = rowsOf<{
    question_id: string;
    topic: string;
    external_id: string;
    type: string;
    used: number | string;
    facility: number;
    discrimination: number | null;
  }>(
    await db.execute(sql`${scored}
      select s.question_id, q.topic, q.external_id, max(q.type) as type, count(*)::int as used,
             avg(s.got / nullif(s.max_tenths, 0)) as facility,
             avg(s.got / nullif(s.max_tenths, 0)) filter (where s.rn > s.n - s.g)
               - avg(s.got / nullif(s.max_tenths, 0)) filter (where s.rn <= s.g) as discrimination
      from scored s
      join ${currentQuestionsSql} q on q.question_id = s.question_id
      group by s.question_id, q.topic, q.external_id
      order by q.topic, q.external_id`),
  );
  const [summary] = rowsOf<{ attempts: number | string; alpha: number | null; mean: number | null }>(
    await db.execute(sql`${scored},
      per_section as (
        select attempt_id, section, sum(got) as got from scored group by attempt_id, section
      ),
      totals as (select attempt_id, sum(got) as total from per_section group by attempt_id),
      k as (select count(distinct section)::float as k from per_section),
      section_var as (select section, var_samp(got) as v from per_section group by section)
      select (select count(*) from totals)::int as attempts,
             case when (select k from k) > 1 and (select var_samp(total) from totals) > 0
               then (select k from k) / ((select k from k) - 1)
                    * (1 - (select sum(v) from section_var) / (select var_samp(total) from totals))
             end as alpha,
             (select avg(total) from totals) as mean`),
  );
  const distribution = rowsOf<{ bucket: number; attempts: number | string }>(
    await db.execute(sql`
      select least(floor(a.score_tenths * 10.0 / nullif(a.max_tenths, 0)), 9)::int as bucket, count(*)::int as attempts
      from exam_attempts a
      where a.level_slug = ${levelSlug} and a.graded_at is not null ${scope}
      group by 1 order by 1`),
  );
  return itemStatisticsOf(itemRows, distribution, summary?.alpha);
}

/** The per-question rows of an export (CSV or XLSX), in the order of the page's table. */
export function itemStatsRows(stats: ItemStatistics) {
  return stats.items.map((i) => [
    i.topic,
    i.externalId,
    i.type,
    i.used,
    Number(i.facility.toFixed(3)),
    i.discrimination === null ? null : Number(i.discrimination.toFixed(3)),
  ]);
}

type ItemRow = {
  question_id: string;
  topic: string;
  external_id: string;
  type: string;
  used: number | string;
  facility: number | string | null;
  discrimination: number | string | null;
};

/** The page's figures from the per-question rows, the score bands' counts and the reliability (live or stored). */
export function itemStatisticsOf(
  itemRows: ItemRow[],
  distribution: { bucket: number | null; attempts: number | string }[],
  alpha: number | string | null | undefined,
): ItemStatistics {
  // Ten bands of 10 % each: how many attempts scored 0–9 %, 10–19 %, … 90–100 %.
  const bands = Array.from({ length: 10 }, (_, i) =>
    Number(distribution.find((d) => d.bucket !== null && Number(d.bucket) === i)?.attempts ?? 0),
  );
  return {
    items: itemRows.map<ItemStat>((r) => ({
      questionId: r.question_id,
      topic: r.topic,
      externalId: r.external_id,
      type: r.type,
      used: Number(r.used),
      facility: Number(r.facility),
      discrimination: r.discrimination === null ? null : Number(r.discrimination),
    })),
    // "已评分考试 N 次" counts the attempts the distribution shows, so the two always agree (attempts
    // recorded without their drawn items — imported history — have a score but no per-question data).
    attempts: bands.reduce((n, b) => n + b, 0),
    alpha: alpha === null || alpha === undefined ? null : Number(alpha),
    distribution: bands,
  };
}
