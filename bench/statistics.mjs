// The statistics scenario of `npm run bench` (or alone: `node bench/statistics.mjs` after `npm run build`):
// a database of its own with 100,000 trainees and 1,000,000 graded attempts (written in SQL with
// generate_series), the production server on it, and the national statistics page (/manage/statistics)
// measured as the demo's platform admin. Target: p50 < 200 ms.
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
 * 100,000 trainees at 50 centers in the demo's five regions, each a member of one cohort (junior,
 * intermediate or senior; 2020–2026, closed but for 2026's), ten graded attempts each, and a certificate
 * for those who passed. Plain SQL, so the million rows take seconds, not minutes.
 */
async function buildData(sql, { trainees, attemptsPer }) {
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

  // Ten attempts each, a week apart after the cohort ends; scores spread so that about 70 % pass.
  await sql`insert into exam_attempts (user_id, level_slug, status, started_at, deadline_at, closed_at, items, max_tenths, score_tenths, pending_essays, passed, graded_at)
    select p.user_id, l.slug, 'submitted', t, t + interval '90 minutes', t + interval '80 minutes', '[]'::jsonb, 1000, s, 0, s >= 600, t + interval '2 days'
    from bench_people p
    join (values ('junior', 0), ('intermediate', 1), ('senior', 2)) as l(slug, i) on l.i = p.i
    cross join generate_series(1, ${attemptsPer}) a
    cross join lateral (select make_date(p.year, 7, 10)::timestamptz + (a * 7) * interval '1 day' as t,
                               ((p.g * 7919 + a * 104729) % 1000) as s) x`;

  await sql`insert into signing_keys (kid, public_jwk, active_from) values ('bench-key', '{"kty":"OKP","crv":"Ed25519","x":"bench"}', now()) on conflict do nothing`;
  await sql`insert into certificates (user_id, level_slug, center_id, serial, code, record, signature, kid, issued_at, expires_at)
    select o.user_id, o.level_slug, c.id, 'BENCH-' || p.g, 'B' || lpad(p.g::text, 12, '0'), '{}'::jsonb, 'bench', 'bench-key',
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

/** Builds the data, starts the app on it, measures; the database is dropped afterwards. */
export async function runStatisticsScenario({ adminUrl, trainees = 100_000, attemptsPer = 10, requests = 50 }) {
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
    return {
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
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const run = await runStatisticsScenario({
    adminUrl: process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  });
  console.log("statistics scenario:");
  reportStatistics(run);
}
