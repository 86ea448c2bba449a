// The statistics scenario of `npm run bench` (or alone: `node bench/statistics.mjs` after `npm run build`):
// a database of its own with 100,000 trainees and 1,000,000 graded attempts (written in SQL with
// generate_series), the production server on it, and the national statistics page (/manage/statistics)
// measured as the demo's platform admin. Target: p50 < 200 ms. Then the item statistics over the same attempts
// (each with 50 questions of the real bank and their answers): the item-statistics job's time (target ≤ 5 s for a
// run after an exam day) and /manage/exam-stats answering from its result. BENCH_STATS_ATTEMPTS sets the number of
// attempts (default 1,000,000; ten per trainee) for a quicker check.
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { freshSigningKey, percentile, signInCookie, startProcess } from "./app-process.mjs";

const PORT = 3411;
const ADMIN_EMAIL = "admin@demo.tm-academy.cn";

function startApp(dbUrl) {
  const env = {
    DATABASE_URL: dbUrl,
    PORT: String(PORT),
    NODE_ENV: "production",
    APP_URL: `http://localhost:${PORT}`,
    SEED_DEMO: "true",
    SIGNING_KEY: freshSigningKey(),
    // The page is measured as the demo's admin signed in with a password (no authenticator to enrol).
    REQUIRE_TWO_FACTOR: "false",
  };
  return startProcess("app", ["build/server.js"], env, `http://localhost:${PORT}`, 120_000);
}

/**
 * 1,000 draws of 50 questions per level from the real bank (current versions), each with its items as an attempt
 * freezes them, its versions' points and the questions' difficulty (a threshold shift, −200…+199 per mille).
 */
async function makeDraws(sql) {
  await sql`create temporary table bench_bank as
    select q.level_slug, q.id as question_id, qv.id as version_id, qv.points_tenths,
           row_number() over (partition by q.level_slug order by q.id) as idx
    from questions q join question_versions qv on qv.question_id = q.id and qv.version = q.current_version
    where q.retired_at is null`;
  await sql`create temporary table bench_draws as
    select l.slug as level_slug, d,
           jsonb_agg(jsonb_build_object('questionId', x.question_id, 'versionId', x.version_id,
                                        'section', (x.k - 1) / 17, 'optionOrders', '[]'::jsonb) order by x.k) as items,
           array_agg(x.points_tenths order by x.k) as points,
           array_agg((x.idx * 37) % 400 - 200 order by x.k) as shift,
           sum(x.points_tenths)::int as max_tenths
    from (values ('junior'), ('intermediate'), ('senior')) as l(slug)
    cross join generate_series(0, 999) d
    cross join lateral (
      select b.*, row_number() over () as k from (
        select * from bench_bank b where b.level_slug = l.slug order by md5(d::text || ':' || b.idx) limit 50) b
    ) x
    group by l.slug, d`;
  await sql`create index on bench_draws (level_slug, d)`;
}

/**
 * Graded attempts number \`first\`…\`last\` of each of the first \`people\` trainees, with their answers. Whether an
 * answer earns its points is a hash of the attempt and the item against the candidate's ability (0–999) and the
 * question's difficulty: deterministic, and correlated with the score as real answers are.
 */
export async function insertAttempts(sql, { people, first, last }) {
  await sql`drop table if exists bench_attempts`;
  await sql`create temporary table bench_attempts as
    select gen_random_uuid() as id, p.user_id, l.slug as level_slug, t, (p.g * 31 + a * 17) % 1000 as draw,
           ((p.g * 7919 + a * 104729) % 1000) as ability, p.g * 100 + a as seed
    from bench_people p
    join (values ('junior', 0), ('intermediate', 1), ('senior', 2)) as l(slug, i) on l.i = p.i
    cross join generate_series(${first}::int, ${last}::int) a
    cross join lateral (select make_date(p.year, 7, 10)::timestamptz + (a * 7) * interval '1 day' as t) x
    where p.g < ${people}
    -- In the order attempts end, as the server writes them (their ids are random, as the server's are).
    order by t, p.g`;
  const earned = (k) =>
    sql`case when ((b.seed::bigint * 7727 + ${k} * 6151) % 1000) < b.ability - d.shift[${k}] then d.points[${k}] else 0 end`;
  // Foreign keys unchecked while the rows go in (every row refers to one just written): checking 50 million
  // answers' attempts one by one tripled the time. Needs a superuser (the bench's own database).
  await sql`set session_replication_role = replica`;
  await sql`insert into exam_attempts (id, user_id, level_slug, status, started_at, deadline_at, closed_at, items, max_tenths, score_tenths, pending_essays, passed, graded_at)
    select b.id, b.user_id, b.level_slug, 'submitted', b.t, b.t + interval '90 minutes', b.t + interval '80 minutes', d.items, d.max_tenths,
           s.score, 0, s.score * 10 >= d.max_tenths * 6, b.t + interval '2 days'
    from bench_attempts b
    join bench_draws d on d.level_slug = b.level_slug and d.d = b.draw
    cross join lateral (select sum(${earned(sql`k`)})::int as score from generate_series(1, 50) k) s`;
  await sql`insert into attempt_answers (attempt_id, item, part, response, seq, saved_at, points_tenths)
    select b.id, k - 1, 0, 'null'::jsonb, 1, b.t + interval '80 minutes', ${earned(sql`k`)}
    from bench_attempts b
    join bench_draws d on d.level_slug = b.level_slug and d.d = b.draw
    -- Per attempt (its items' count), so that an attempt's answers lie together as the server's do.
    cross join lateral generate_series(1, cardinality(d.points)) k`;
  await sql`set session_replication_role = origin`;
}

async function writeAttempts(sql, { trainees, attemptsPer }) {
  await makeDraws(sql);
  await insertAttempts(sql, { people: trainees, first: 1, last: attemptsPer });
}

/**
 * 100,000 trainees at 50 centers in the demo's five regions, each a member of one cohort (junior,
 * intermediate or senior; 2020–2026, closed but for 2026's), ten graded attempts each, and a certificate
 * for those who passed. Plain SQL, so the million rows take seconds, not minutes.
 */
export async function buildData(sql, { trainees, attemptsPer }) {
  await sql`create temporary table bench_centers as
    select gen_random_uuid() as id, r.id as region_id, r.code, g as n
    from regions r cross join generate_series(1, 10) g`;
  await sql`insert into organizations (id, kind, region_id, name_zh, name_en)
    select id, 'training_center', region_id, '压测培训基地 ' || code || '-' || n, 'Bench center ' || code || '-' || n from bench_centers`;
  await sql`create temporary table bench_centers_n as select id, region_id, row_number() over (order by code, n) - 1 as k from bench_centers`;
  const [{ centers }] = await sql`select count(*)::int as centers from bench_centers_n`;

  await sql`create temporary table bench_cohorts as
    select gen_random_uuid() as id, c.id as center_id, c.k, l.slug as level_slug, l.i, y as year
    from bench_centers_n c
    cross join (values ('junior', 0), ('intermediate', 1), ('senior', 2)) as l(slug, i)
    cross join generate_series(2020, 2026) y`;
  await sql`insert into cohorts (id, center_id, level_slug, name, starts_on, ends_on, capacity, closed_at)
    select id, center_id, level_slug, year || '年压测' || level_slug || '班', make_date(year, 3, 1), make_date(year, 6, 30), 400,
           case when year < 2026 then make_date(year, 7, 7)::timestamptz end
    from bench_cohorts`;

  await sql`create temporary table bench_people as
    select g, gen_random_uuid() as user_id, (g % ${centers}) as k, (g / ${centers}) % 3 as i, 2020 + (g / ${centers * 3}) % 7 as year
    from generate_series(0, ${trainees - 1}) g`;
  await sql`insert into users (id, phone, name, created_at)
    select user_id, '1980' || lpad(g::text, 7, '0'), '压测学员' || g, make_date(year, 2, 1) from bench_people`;
  await sql`insert into memberships (user_id, role, organization_id)
    select p.user_id, 'trainee', c.id from bench_people p join bench_centers_n c on c.k = p.k`;
  await sql`insert into cohort_members (cohort_id, user_id)
    select co.id, p.user_id from bench_people p join bench_cohorts co on co.k = p.k and co.i = p.i and co.year = p.year`;

  // Ten attempts each, a week apart after the cohort ends. Each draws 50 questions of its level's real bank (one of
  // 1,000 draws per level, made once below) in three sections, with an answer per question: points earned or not
  // by the candidate's ability against the question's difficulty, so the score is the sum of the answers and the
  // item statistics have something to find (about 40 % of attempts pass).
  await writeAttempts(sql, { trainees, attemptsPer });

  await sql`insert into signing_keys (kid, public_jwk, active_from) values ('bench-key', '{"kty":"OKP","crv":"Ed25519","x":"bench"}', now()) on conflict do nothing`;
  await sql`insert into certificates (user_id, level_slug, center_id, serial, code, record, signature, kid, status_list, status_index, issued_at, expires_at)
    select o.user_id, o.level_slug, c.id, 'BENCH-' || p.g, 'B' || lpad(p.g::text, 12, '0'), '{}'::jsonb, 'bench', 'bench-key',
           -- Status-list slots of their own (lists from 100 on), apart from the demo's.
           100 + p.g / 131072, p.g % 131072,
           o.first_pass + interval '7 days', o.first_pass + interval '7 days' + interval '3 years'
    from (select user_id, level_slug, min(graded_at) filter (where passed) as first_pass from exam_attempts group by user_id, level_slug) o
    join bench_people p on p.user_id = o.user_id
    join bench_centers_n c on c.k = p.k
    where o.first_pass is not null`;
  await sql`analyze`;
  const [counts] =
    await sql`select (select count(*) from users)::int as users, (select count(*) from exam_attempts)::int as attempts,
    (select count(*) from certificates)::int as certificates, (select count(*) from cohort_members)::int as members`;
  return counts;
}

async function timedGet(url, cookie) {
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const body = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}\n${body.slice(0, 500)}`);
  return { ms, body };
}

/** One run of the item-statistics job (scripts/item-stats.ts) on the benchmark's database: what it did and its times. */
function runItemStatsJob(dbUrl) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/item-stats.ts"], {
    env: { ...process.env, DATABASE_URL: dbUrl, NODE_ENV: "development" },
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`item statistics job failed:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop());
}

/** Builds the data, starts the app on it, measures; the database is dropped afterwards. */
export async function runStatisticsScenario({
  adminUrl,
  // Ten attempts per trainee: 1,000,000 attempts unless BENCH_STATS_ATTEMPTS says otherwise (also under npm run bench).
  trainees = Math.max(1, Math.round(Number(process.env.BENCH_STATS_ATTEMPTS ?? 1_000_000) / 10)),
  attemptsPer = 10,
  requests = 50,
}) {
  const dbName = `tma_bench_stats_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const app = startApp(dbUrl.toString());
  const sql = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
  try {
    await app.ready;
    const buildStarted = performance.now();
    const counts = await buildData(sql, { trainees, attemptsPer });
    const buildSeconds = Math.round((performance.now() - buildStarted) / 100) / 10;
    // Progress on stderr: at a million attempts the scenario runs for many minutes.
    console.error(`statistics: ${counts.attempts} graded attempts written in ${buildSeconds} s`);
    const base = `http://localhost:${PORT}`;
    const cookie = await signInCookie(base, ADMIN_EMAIL);
    const page = `${base}/manage/statistics`;
    // The first view finds the summary stale and rebuilds it from the million attempts.
    const cold = await timedGet(page, cookie);
    const [snapshot] = await sql`select duration_ms from statistics_snapshots where key = 'platform'`;
    for (let i = 0; i < 5; i++) await timedGet(page, cookie);
    const latencies = [];
    let sample = "";
    for (let i = 0; i < requests; i++) {
      const { ms, body } = await timedGet(i % 2 ? `${page}?level=junior` : page, cookie);
      latencies.push(ms);
      sample = body;
    }
    latencies.sort((a, b) => a - b);
    if (!sample.includes("压测培训基地")) throw new Error("the statistics page does not show the benchmark's centers");

    // Item statistics. The job's first run folds every attempt in (each answer read once); the next run, after an
    // exam day of new graded attempts, folds those in and recomputes every level: the figure the target is for.
    const itemsFirst = runItemStatsJob(dbUrl.toString());
    console.error(`statistics: item statistics, first run ${JSON.stringify(itemsFirst)}`);
    const examDay = Math.min(2000, trainees);
    await insertAttempts(sql, { people: examDay, first: attemptsPer + 1, last: attemptsPer + 1 });
    await sql`analyze`;
    const itemsExamDay = runItemStatsJob(dbUrl.toString());
    console.error(`statistics: item statistics after the exam day ${JSON.stringify(itemsExamDay)}`);
    const statsPage = `${base}/manage/exam-stats?level=junior`;
    for (let i = 0; i < 5; i++) await timedGet(statsPage, cookie);
    const pageLatencies = [];
    let statsSample = "";
    for (let i = 0; i < requests; i++) {
      const { ms, body } = await timedGet(statsPage, cookie);
      pageLatencies.push(ms);
      statsSample = body;
    }
    pageLatencies.sort((a, b) => a - b);
    const [junior] =
      await sql`select (result ->> 'attempts')::int as attempts from exam_item_stats where level_slug = 'junior' and scope = 'all'`;
    if (!statsSample.includes(`已评分考试 ${junior?.attempts} 次`) || !(junior?.attempts > 0))
      throw new Error("the item statistics page does not show the stored figures");
    return {
      itemStats: {
        examDay: examDay,
        first: itemsFirst,
        afterExamDay: itemsExamDay,
        juniorAttempts: junior.attempts,
        p50: Math.round(percentile(pageLatencies, 50)),
        p99: Math.round(percentile(pageLatencies, 99)),
      },
      ...counts,
      buildSeconds,
      requests,
      coldMs: Math.round(cold.ms),
      refreshMs: snapshot?.duration_ms ?? null,
      p50: Math.round(percentile(latencies, 50)),
      p99: Math.round(percentile(latencies, 99)),
    };
  } finally {
    await sql.end();
    await app.stop();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

export function reportStatistics(run) {
  console.log(
    `  ${run.users.toLocaleString()} users, ${run.attempts.toLocaleString()} graded attempts, ${run.certificates.toLocaleString()} certificates (built in ${run.buildSeconds} s)`,
  );
  console.log(`  first view (rebuilds the summary): ${run.coldMs} ms, of which the rebuild ${run.refreshMs} ms`);
  console.log(`  GET /manage/statistics × ${run.requests}: p50 ${run.p50} ms, p99 ${run.p99} ms`);
  console.log(`statistics target: p50 < 200 ms — ${run.p50 < 200 ? "met" : "NOT met"}`);
  const items = run.itemStats;
  console.log(
    `  item statistics, first run (folds in all ${items.first.added.toLocaleString()} graded attempts): ${items.first.ms} ms, of which the fold ${items.first.foldMs} ms`,
  );
  console.log(
    `  item statistics after an exam day (${items.afterExamDay.added.toLocaleString()} new attempts): ${items.afterExamDay.ms} ms, of which the fold ${items.afterExamDay.foldMs} ms (${items.afterExamDay.levels} levels)`,
  );
  console.log(
    `  GET /manage/exam-stats?level=junior × ${run.requests} (${items.juniorAttempts.toLocaleString()} attempts): p50 ${items.p50} ms, p99 ${items.p99} ms`,
  );
  console.log(
    `item statistics target: ≤ 5 s after an exam day — ${items.afterExamDay.ms <= 5000 ? "met" : "NOT met"}; page p50 < 200 ms — ${items.p50 < 200 ? "met" : "NOT met"}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const run = await runStatisticsScenario({
    adminUrl: process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  });
  console.log("statistics scenario:");
  reportStatistics(run);
}
