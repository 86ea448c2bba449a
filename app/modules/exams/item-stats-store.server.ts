import { and, eq, ne, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { examItemStats } from "#db/schema";
import { currentQuestionsSql, loadLevels, versionPointsSql } from "~/modules/content/index.server";
import { enqueueJob } from "~/modules/jobs/index.server";
import type { SessionUser } from "~/modules/orgs/index.server";
import { checkItemStatsScope, type ItemStatistics, itemStatisticsOf, liveItemStatistics } from "./item-stats.server";
import { rowsOf } from "#db/rows";

/*
 * Item statistics kept computed (docs/statistics.md, "Item statistics"). Over a million attempts the live query
 * (item-stats.server.ts) reads fifty million answers, minutes of work; so the job folds each graded attempt once
 * into additive sums per level, question and band of the ranking key (a thousandth of the score;
 * exam_item_stat_cells) and per section (exam_item_stat_sections), and the figures of a level come from those
 * sums: facility and use are sums; the upper and lower 27 % are whole bands plus, in each group's boundary band,
 * the few attempts in the group taken one by one (ranked by exact score, then id, as the live query ranks them). A center's figures are a small live query,
 * kept per center in exam_item_stats like the levels' results.
 */

export const ITEM_STATS_JOB = "item-statistics";
/** The scope key of the figures over every attempt. */
const ALL = "all";
/**
 * Attempts read per statement (their items and answers, in memory together). The sums are added once per fold,
 * from every attempt it claimed: a first fold of a million attempts then updates each cell once, not once a batch.
 */
const FOLD_BATCH = 5000;

type Actor = Pick<SessionUser, "id" | "memberships">;

export interface StoredItemStatistics extends ItemStatistics {
  /** null: never computed yet, and the job is computing it now. */
  computedAt: Date | null;
}

/** An attempt's place in the ranking by score, as the live query orders it (no maximum: last). */
const rankKeyOf = (a: string) =>
  sql.raw(`coalesce(${a}.score_tenths::float8 / nullif(${a}.max_tenths, 0), 'Infinity'::float8)`);
/** A ranking key's band: thousandths of the score (ranking keys of "Infinity" in the last band). */
const bandOf = (key: string) => `least(floor(${key} * 1000), 2147483646)::int`;

/** An attempt's tenth of the score (0–9) as the distribution counts it; -1 (not shown) without score or maximum. */
const BUCKET = "coalesce(least(floor(x.score_tenths * 10.0 / nullif(x.max_tenths, 0)), 9)::int, -1)";

/** Adds (sign 1) or takes out (sign -1) the attempts of `source` (rows of exam_item_stat_attempts) to the sums. */
function addToSums(source: string, sign: 1 | -1): SQL {
  const s = String(sign);
  return sql.raw(`
    cells as (
      insert into exam_item_stat_cells (level_slug, question_id, band, used, facility_n, facility_sum)
      select x.level_slug, u.q, ${bandOf("x.rank_key")}, ${s} * count(*), ${s} * count(u.f), ${s} * coalesce(sum(u.f), 0)
      from ${source} x, unnest(x.questions, x.facility) as u(q, f)
      group by 1, 2, 3
      on conflict (level_slug, question_id, band) do update
        set used = exam_item_stat_cells.used + excluded.used,
            facility_n = exam_item_stat_cells.facility_n + excluded.facility_n,
            facility_sum = exam_item_stat_cells.facility_sum + excluded.facility_sum
    ),
    sections as (
      insert into exam_item_stat_sections (level_slug, section, n, sum, sum_sq)
      select v.level_slug, v.section, ${s} * count(*), ${s} * sum(v.got), ${s} * sum(v.got::numeric * v.got)
      from (
        select x.level_slug, u.section, u.got from ${source} x, unnest(x.sections, x.section_got) as u(section, got)
        union all
        -- The attempt's total (section -1), over the attempts with at least one section, as the live query's.
        select x.level_slug, -1, (select sum(g) from unnest(x.section_got) as g)
        from ${source} x where cardinality(x.sections) > 0
      ) v
      group by 1, 2
      on conflict (level_slug, section) do update
        set n = exam_item_stat_sections.n + excluded.n,
            sum = exam_item_stat_sections.sum + excluded.sum,
            sum_sq = exam_item_stat_sections.sum_sq + excluded.sum_sq
    ),
    keys as (
      insert into exam_item_stat_keys (level_slug, rank_key, bucket, attempts)
      select x.level_slug, x.rank_key, ${BUCKET}, ${s} * count(*) from ${source} x
      group by 1, 2, 3
      on conflict (level_slug, rank_key, bucket) do update
        set attempts = exam_item_stat_keys.attempts + excluded.attempts
    )`);
}

/**
 * Brings the sums up to date with the graded attempts: takes out attempts deleted, no longer graded or regraded
 * since they were folded in, then folds in those not yet there. Each attempt's row is claimed by its insert or
 * delete (RETURNING), so two runs racing never count one twice. Returns how many attempts went out and in.
 */
export async function foldGradedAttempts(
  db: DbOrTx,
  options?: { batch?: number },
): Promise<{ removed: number; added: number }>;
export async function foldGradedAttempts(
  db: DbOrTx,
  options: { wait: false; batch?: number },
): Promise<{ removed: number; added: number } | null>;
export async function foldGradedAttempts(db: DbOrTx, options: { wait?: boolean; batch?: number } = {}) {
  // One fold at a time (the job, a first page view): updating the same sums in different orders could deadlock.
  // Without waiting (a page view), a fold already running elsewhere makes this one return null at once.
  return db.transaction(async (tx) => {
    if (options.wait === false) {
      const [got] = rowsOf<{ locked: boolean }>(
        await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('exam_item_stat_fold')) as locked`),
      );
      if (!got?.locked) return null;
    } else await tx.execute(sql`select pg_advisory_xact_lock(hashtext('exam_item_stat_fold'))`);
    // A batch's answers are summed per attempt and item in memory (a hash of 250,000 groups), and so are the
    // cells of a first fold (a million attempts: about a million cells), not on disk.
    await tx.execute(sql`set local work_mem = '128MB'`);
    return fold(tx, options.batch ?? FOLD_BATCH);
  });
}

async function fold(db: DbOrTx, batch: number): Promise<{ removed: number; added: number }> {
  const [gone] = rowsOf<{ removed: number }>(
    await db.execute(sql`
      with gone as (
        delete from exam_item_stat_attempts s
        where not exists (
          select 1 from exam_attempts a
          where a.id = s.attempt_id and a.graded_at = s.graded_at and a.max_tenths = s.max_tenths
            and a.score_tenths is not distinct from s.score_tenths)
        returning s.*
      ),
      ${addToSums("gone", -1)}
      select count(*)::int as removed from gone`),
  );
  const removed = Number(gone?.removed ?? 0);
  if (removed) {
    await db.execute(sql`delete from exam_item_stat_cells where used = 0`);
    await db.execute(sql`delete from exam_item_stat_sections where n = 0`);
    await db.execute(sql`delete from exam_item_stat_keys where attempts = 0`);
  }
  const fresh = rowsOf<{ id: string }>(
    await db.execute(sql`
      select a.id from exam_attempts a
      where a.graded_at is not null
        and not exists (select 1 from exam_item_stat_attempts s where s.attempt_id = a.id)
      order by a.id`),
  ).map((r) => r.id);
  if (!fresh.length) return { removed, added: 0 };
  // The attempts this fold claims, to add to the sums at the end (the table goes with the transaction).
  await db.execute(sql`create temporary table if not exists item_stat_fold (attempt_id uuid not null) on commit drop`);
  await db.execute(sql`truncate item_stat_fold`);
  let added = 0;
  for (let i = 0; i < fresh.length; i += batch) {
    const ids = fresh.slice(i, i + batch);
    const [row] = rowsOf<{ added: number }>(
      await db.execute(sql`
        with batch as (
          select a.id, a.level_slug, a.score_tenths, a.max_tenths, a.graded_at, a.items, ${rankKeyOf("a")} as rank_key
          from exam_attempts a
          where a.id = any(${`{${ids.join(",")}}`}::uuid[]) and a.graded_at is not null
        ),
        items as (
          select b.id, (i.ordinality - 1)::int as item, (i.value ->> 'versionId')::uuid as version_id,
                 (i.value ->> 'section')::int as section
          from batch b, jsonb_array_elements(b.items) with ordinality as i(value, ordinality)
        ),
        got as (
          select aa.attempt_id, aa.item, sum(aa.points_tenths) as got
          from attempt_answers aa where aa.attempt_id in (select id from batch)
          group by 1, 2
        ),
        scored as (
          select it.id, it.item, it.section, qv.question_id, qv.points_tenths as max_tenths,
                 coalesce(g.got, 0) as got
          from items it
          join ${versionPointsSql} qv on qv.id = it.version_id
          left join got g on g.attempt_id = it.id and g.item = it.item
        ),
        per_item as (
          select id, array_agg(question_id order by item) as questions,
                 array_agg(got::float8 / nullif(max_tenths, 0) order by item) as facility
          from scored group by id
        ),
        per_section as (
          select id, array_agg(section order by section) as sections, array_agg(got order by section) as section_got
          from (select id, section, sum(got)::bigint as got from scored group by 1, 2) s
          group by id
        ),
        inserted as (
          insert into exam_item_stat_attempts
            (attempt_id, level_slug, rank_key, score_tenths, max_tenths, graded_at, questions, facility, sections, section_got)
          select b.id, b.level_slug, b.rank_key, b.score_tenths, b.max_tenths, b.graded_at,
                 coalesce(pi.questions, '{}'), coalesce(pi.facility, '{}'),
                 coalesce(ps.sections, '{}'), coalesce(ps.section_got, '{}')
          from batch b left join per_item pi on pi.id = b.id left join per_section ps on ps.id = b.id
          on conflict (attempt_id) do nothing
          returning attempt_id
        ),
        claimed as (insert into item_stat_fold select attempt_id from inserted)
        select count(*)::int as added from inserted`),
    );
    added += Number(row?.added ?? 0);
  }
  if (added) {
    await db.execute(sql`analyze item_stat_fold`);
    // Read where used rather than through a CTE, which would hold every claimed row (arrays and all) at once.
    const claimed = `(select s.* from exam_item_stat_attempts s join item_stat_fold f on f.attempt_id = s.attempt_id)`;
    await db.execute(sql`with ${addToSums(claimed, 1)} select 1`);
  }
  return { removed, added };
}

/** The figures of one level over every attempt, from the sums (foldGradedAttempts first). */
export async function itemStatisticsFromSums(db: DbOrTx, levelSlug: string): Promise<ItemStatistics> {
  // The ranking: attempts per key, in order. Keys travel as text, which PostgreSQL prints exactly.
  const keys = rowsOf<{ key: string; count: number | string }>(
    await db.execute(sql`
      select rank_key::text as key, sum(attempts)::int as count from exam_item_stat_keys
      where level_slug = ${levelSlug} group by rank_key having sum(attempts) > 0 order by rank_key`),
  ).map((k) => ({ key: k.key, count: Number(k.count) }));
  const n = keys.reduce((sum, k) => sum + k.count, 0);
  if (!n) return { items: [], attempts: 0, alpha: null, distribution: Array.from({ length: 10 }, () => 0) };
  // The live query's ceil(0.27 × n), in integers.
  const g = Math.floor((27 * n + 99) / 100);
  /** The key holding the attempt at this 1-based position, and how many of its attempts come before or at it. */
  const keyAt = (position: number) => {
    let upto = 0;
    for (const k of keys) {
      if (upto + k.count >= position) return { key: k.key, within: position - upto, count: k.count };
      upto += k.count;
    }
    return null;
  };
  // Lower group: positions 1…g; upper group: positions n−g+1…n.
  const low = keyAt(g)!;
  const up = keyAt(n - g + 1)!;
  const lowKey = low.key;
  const lowTake = low.within;
  const upKey = up.key;
  const upTake = up.count - up.within + 1;

  const itemRows = rowsOf<{
    question_id: string;
    topic: string;
    external_id: string;
    type: string;
    used: number | string;
    facility: number | null;
    discrimination: number | null;
  }>(
    await db.execute(sql`
      with bands as (
        select ${sql.raw(bandOf("k.low"))} as low, ${sql.raw(bandOf("k.up"))} as up
        from (select ${lowKey}::float8 as low, ${upKey}::float8 as up) k
      ),
      -- The lower group's part of its boundary band: the attempts ranked below the boundary key, and the first
      -- of those at it (by id). The range on rank_key only lets the index find the band.
      lower_edge as (
        select s.attempt_id from exam_item_stat_attempts s, bands b
        where s.level_slug = ${levelSlug} and s.rank_key < ${lowKey}::float8 and s.rank_key >= (b.low - 1) / 1000.0
          and ${sql.raw(bandOf("s.rank_key"))} = b.low
        union all
        (select attempt_id from exam_item_stat_attempts
         where level_slug = ${levelSlug} and rank_key = ${lowKey}::float8
         order by attempt_id limit ${lowTake})
      ),
      upper_edge as (
        select s.attempt_id from exam_item_stat_attempts s, bands b
        where s.level_slug = ${levelSlug} and s.rank_key > ${upKey}::float8 and s.rank_key < (b.up + 2) / 1000.0
          and ${sql.raw(bandOf("s.rank_key"))} = b.up
        union all
        (select attempt_id from exam_item_stat_attempts
         where level_slug = ${levelSlug} and rank_key = ${upKey}::float8
         order by attempt_id desc limit ${upTake})
      ),
      edge as (
        select e.side, u.q, count(u.f) as n, coalesce(sum(u.f), 0) as total
        from (select 'lower' as side, attempt_id from lower_edge
              union all select 'upper', attempt_id from upper_edge) e
        join exam_item_stat_attempts s on s.attempt_id = e.attempt_id,
        unnest(s.questions, s.facility) as u(q, f)
        group by 1, 2
      ),
      sums as (
        select c.question_id, sum(c.used) as used, sum(c.facility_n) as n, sum(c.facility_sum) as total,
               coalesce(sum(c.facility_n) filter (where c.band < b.low), 0) as lower_n,
               coalesce(sum(c.facility_sum) filter (where c.band < b.low), 0) as lower_total,
               coalesce(sum(c.facility_n) filter (where c.band > b.up), 0) as upper_n,
               coalesce(sum(c.facility_sum) filter (where c.band > b.up), 0) as upper_total
        from exam_item_stat_cells c, bands b where c.level_slug = ${levelSlug}
        group by c.question_id
      )
      select s.question_id, q.topic, q.external_id, q.type, s.used::int as used,
             s.total / nullif(s.n, 0) as facility,
             (s.upper_total + coalesce(eu.total, 0)) / nullif(s.upper_n + coalesce(eu.n, 0), 0)
               - (s.lower_total + coalesce(el.total, 0)) / nullif(s.lower_n + coalesce(el.n, 0), 0) as discrimination
      from sums s
      join ${currentQuestionsSql} q on q.question_id = s.question_id
      left join edge el on el.side = 'lower' and el.q = s.question_id
      left join edge eu on eu.side = 'upper' and eu.q = s.question_id
      where s.used > 0
      order by q.topic, q.external_id`),
  );

  // Cronbach's alpha with the sections as the items: k/(k−1) × (1 − Σ section variances / variance of totals).
  const [reliability] = rowsOf<{ alpha: number | string | null }>(
    await db.execute(sql`
      with v as (
        select section, case when n > 1 then (sum_sq - sum * sum / n) / (n - 1) end as variance
        from exam_item_stat_sections where level_slug = ${levelSlug} and n > 0
      ),
      k as (select count(*)::numeric as k from v where section >= 0)
      select case when (select k from k) > 1 and (select variance from v where section = -1) > 0
               then ((select k from k) / ((select k from k) - 1)
                     * (1 - (select sum(variance) from v where section >= 0) / (select variance from v where section = -1)))::float8
             end as alpha`),
  );
  const distribution = rowsOf<{ bucket: number; attempts: number | string }>(
    await db.execute(sql`
      select bucket, sum(attempts)::int as attempts from exam_item_stat_keys
      where level_slug = ${levelSlug} and bucket >= 0 group by 1 order by 1`),
  );
  return itemStatisticsOf(itemRows, distribution, reliability?.alpha);
}

/** Computes one level and scope (the sums for every attempt, a live query for a center) and stores the result. */
async function computeAndStore(db: DbOrTx, levelSlug: string, scope: string, now: Date) {
  const started = performance.now();
  const result =
    scope === ALL ? await itemStatisticsFromSums(db, levelSlug) : await liveItemStatistics(db, levelSlug, scope);
  const row = {
    levelSlug,
    scope,
    computedAt: now,
    durationMs: Math.round(performance.now() - started),
    result,
  };
  await db
    .insert(examItemStats)
    .values(row)
    .onConflictDoUpdate({
      target: [examItemStats.levelSlug, examItemStats.scope],
      set: { computedAt: row.computedAt, durationMs: row.durationMs, result: row.result },
    });
  return { ...result, computedAt: now };
}

/**
 * The item-statistics job: folds the graded attempts into the sums, then recomputes every level over all
 * attempts and every center whose figures were asked for. The same data gives the same rows, however often
 * it runs.
 */
export async function refreshItemStatistics(db: DbOrTx, now = new Date()) {
  const started = performance.now();
  const folded = await foldGradedAttempts(db);
  const foldMs = Math.round(performance.now() - started);
  const levels = (await loadLevels(db)).filter((l) => l.config.exam).map((l) => l.slug);
  for (const level of levels) await computeAndStore(db, level, ALL, now);
  const centers = await db
    .select({ levelSlug: examItemStats.levelSlug, scope: examItemStats.scope })
    .from(examItemStats)
    .where(ne(examItemStats.scope, ALL));
  for (const c of centers) await computeAndStore(db, c.levelSlug, c.scope, now);
  return {
    ...folded,
    foldMs,
    levels: levels.length,
    centers: centers.length,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * What the page and its exports show: the stored result for the viewer's scope. The first time a scope is asked
 * for it is computed now (and kept, so that the job refreshes it from then on).
 */
export async function storedItemStatistics(
  db: DbOrTx,
  actor: Actor,
  levelSlug: string,
  centerId?: string,
  now = new Date(),
): Promise<StoredItemStatistics> {
  checkItemStatsScope(actor, centerId);
  const scope = centerId ?? ALL;
  const [row] = await db
    .select()
    .from(examItemStats)
    .where(and(eq(examItemStats.levelSlug, levelSlug), eq(examItemStats.scope, scope)));
  if (row) return { ...(row.result as ItemStatistics), computedAt: row.computedAt };
  // The first fold of a large install takes minutes: while the job does it, the page says so instead of waiting.
  if (scope === ALL && !(await foldGradedAttempts(db, { wait: false })))
    return { items: [], attempts: 0, alpha: null, distribution: Array.from({ length: 10 }, () => 0), computedAt: null };
  return computeAndStore(db, levelSlug, scope, now);
}

/**
 * Asks for a recomputation (the page's button): whoever may see the figures of the scope may ask; the job runs
 * soon, once however many ask (its queue holds one waiting run).
 */
export function requestItemStatisticsRefresh(actor: Actor, centerId?: string) {
  checkItemStatsScope(actor, centerId);
  enqueueJob(ITEM_STATS_JOB);
}
