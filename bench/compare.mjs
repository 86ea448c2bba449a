// node bench/compare.mjs <baseline checkout>: the page scenarios of `npm run bench` on this tree's production build
// and on another checkout's (built there with `npm ci && npm run build`), side by side in one run. Each scenario is
// measured BENCH_ROUNDS times (default 3) on both, the order alternating, and the medians compared: issue 10's rule
// is that no scenario is more than 10 % slower than before (speed as throughput; for the import, the inverse of its
// time). Both apps run at once, each on its own PostgreSQL database with the demo data; only the one being measured
// gets load.
import autocannon from "autocannon";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import postgres from "postgres";
import { freshSigningKey, signInCookie, startProcess } from "./app-process.mjs";
import { runImportScenario } from "./import.mjs";

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COURSE = "/learn/courses/transformation-law";
const LESSON = `${COURSE}/five-ways`;

const baselineDir = process.argv[2] ? resolve(process.argv[2]) : null;
if (!baselineDir) {
  console.error("usage: node bench/compare.mjs <baseline checkout with a production build>");
  process.exit(1);
}
for (const dir of [baselineDir, process.cwd()])
  if (!existsSync(`${dir}/build/server.js`)) {
    console.error(`No production build in ${dir}: run \`npm run build\` there first.`);
    process.exit(1);
  }

const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });

/** One app: its own database with the demo data, its production build started from its own checkout. */
async function startApp(name, dir, port) {
  const dbName = `tma_compare_${name}_${Date.now()}`;
  await admin.unsafe(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const base = `http://localhost:${port}`;
  const app = startProcess(
    "app",
    ["build/server.js"],
    {
      DATABASE_URL: dbUrl.toString(),
      PORT: String(port),
      NODE_ENV: "production",
      APP_URL: base,
      SEED_DEMO: "true",
      // The API's per-address limit would answer most of autocannon's requests with 429.
      VERIFY_API_ANONYMOUS_PER_MINUTE: "100000000",
      SIGNING_KEY: freshSigningKey(),
    },
    base,
    120_000,
    dir,
  );
  await app.ready;
  const cookie = await signInCookie(base, "trainee@demo.tm-academy.cn");
  const enrolled = await fetch(`${base}${COURSE}`, {
    method: "POST",
    headers: { cookie, Origin: base },
    redirect: "manual",
  });
  if (enrolled.status !== 302) throw new Error(`${name}: enrolment failed (${enrolled.status})`);
  const sql = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
  const [certificate] = await sql`select code from certificates order by issued_at limit 1`;
  await sql.end();
  const stop = async () => {
    await app.stop();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  };
  return { name, base, dbUrl: dbUrl.toString(), cookie, code: certificate.code, stop };
}

const scenarios = [
  ["Remix JSON route (GET /healthz)", () => "/healthz", false],
  ["signed-in page (GET /account)", () => "/account", true],
  ["lesson page (GET a lesson, signed in)", () => LESSON, true],
  ["verification API (GET /api/v1/certificates/<code>)", (app) => `/api/v1/certificates/${app.code}`, false],
  ["verification page (GET /verify/<code>)", (app) => `/verify/${app.code}`, false],
];

async function measure(app, path, signedIn) {
  const url = app.base + path;
  const headers = signedIn ? { cookie: app.cookie } : {};
  await autocannon({ url, connections: 10, duration: 2, headers });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${app.name} ${path}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.requests.average;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const apps = [];
try {
  apps.push(await startApp("baseline", baselineDir, 3421));
  apps.push(await startApp("current", process.cwd(), 3422));
  console.log(
    `${CONNECTIONS} connections, ${DURATION} s per measurement, ${ROUNDS} rounds alternating; baseline ${baselineDir}`,
  );
  const rows = [];
  for (const [name, pathOf, signedIn] of scenarios) {
    const rps = { baseline: [], current: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? apps : [...apps].reverse();
      for (const app of order) rps[app.name].push(await measure(app, pathOf(app), signedIn));
    }
    const before = median(rps.baseline);
    const after = median(rps.current);
    const change = (after / before - 1) * 100;
    rows.push({
      scenario: name,
      "baseline req/s": Math.round(before),
      "current req/s": Math.round(after),
      change: `${change >= 0 ? "+" : ""}${change.toFixed(1)} %`,
      "≤ 10 % slower": change >= -10 ? "yes" : "NO",
    });
  }
  // The bulk import (BENCH_IMPORT_ROWS, default 5,000; 0 skips it): dry run plus commit, lower is better.
  const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 5000);
  if (importRows > 0) {
    const ms = { baseline: [], current: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? apps : [...apps].reverse();
      for (const app of order)
        ms[app.name].push((await runImportScenario({ base: app.base, dbUrl: app.dbUrl, rows: importRows })).totalMs);
    }
    const before = median(ms.baseline);
    const after = median(ms.current);
    const change = (before / after - 1) * 100;
    rows.push({
      scenario: `import of ${importRows} trainees (dry run + commit, ms)`,
      "baseline req/s": `${before} ms`,
      "current req/s": `${after} ms`,
      change: `${change >= 0 ? "+" : ""}${change.toFixed(1)} %`,
      "≤ 10 % slower": change >= -10 ? "yes" : "NO",
    });
  }
  console.table(rows);
} finally {
  for (const app of apps) await app.stop();
  await admin.end();
}
