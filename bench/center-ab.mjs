// A/B of the center-at-scale scenario (bench/run.mjs, issue 14) between builds, on one noisy machine:
//   node bench/center-ab.mjs <rounds> before=/path/to/old/checkout after=/path/to/new/checkout
// One database (the demo + 5,000 imported trainees, then ANALYZE unless AB_ANALYZE=0); each build is started in
// turn from its own directory (which needs its own `npm run build` and a node_modules), the picker searches and the
// dashboard measured with 4 connections for BENCH_DURATION seconds, the builds' order alternating by round.
import autocannon from "autocannon";
import postgres from "postgres";
import { freshSigningKey, startProcess } from "./app-process.mjs";
import { runImportScenario } from "./import.mjs";

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.argv[2] ?? 2);
const variants = process.argv.slice(3).map((a) => {
  const [name, dir] = a.split("=");
  return { name, dir };
});
const PORT = Number(process.env.BENCH_PORT ?? 3491);
if (!variants.length) throw new Error("usage: node bench/center-ab.mjs <rounds> name=dir [name=dir …]");
const base = `http://localhost:${PORT}`;
const key = freshSigningKey();

function start(dir, dbUrl) {
  return startProcess(
    "app",
    ["build/server.js"],
    {
      DATABASE_URL: dbUrl,
      PORT: String(PORT),
      NODE_ENV: "production",
      APP_URL: base,
      SEED_DEMO: "true",
      SIGNING_KEY: key,
    },
    base,
    90_000,
    dir,
  );
}

const dbName = `tma_a_ab_${Date.now()}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE "${dbName}"`);
const url = new URL(ADMIN_URL);
url.pathname = `/${dbName}`;
const dbUrl = url.toString();
const results = [];
try {
  let app = start(variants[0].dir, dbUrl);
  await app.ready;
  const run = await runImportScenario({ base, dbUrl, rows: 5000 });
  await app.stop();
  if (process.env.AB_ANALYZE !== "0") {
    const s = postgres(dbUrl, { max: 1, onnotice: () => {} });
    await s`analyze`;
    await s.end();
  }
  const center = `${base}/manage/organizations/${run.centerId}`;
  const urls = [
    ["picker name", `${center}/exam-sessions?p_q=${encodeURIComponent("压测学员42")}`],
    ["picker mobile", `${center}/exam-sessions?p_q=1500`],
    ["picker e-mail", `${center}/exam-sessions?p_q=${encodeURIComponent(`bench-import-${run.runId}-42@`)}`],
    ["dashboard", `${center}/dashboard`],
  ];
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? variants : [...variants].reverse();
    for (const v of order) {
      app = start(v.dir, dbUrl);
      await app.ready;
      for (const [name, url] of urls) {
        await autocannon({ url, connections: 2, duration: 2, headers: { cookie: run.cookie } });
        const res = await autocannon({ url, connections: 4, duration: DURATION, headers: { cookie: run.cookie } });
        if (res.non2xx || res.errors) throw new Error(`${v.name} ${name}: ${res.non2xx} non-2xx, ${res.errors} errors`);
        results.push({
          round: r,
          variant: v.name,
          url: name,
          p50: res.latency.p50,
          p99: res.latency.p99,
          rps: Math.round(res.requests.average),
        });
        console.log(
          `round ${r} ${v.name} ${name}: p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms, ${Math.round(res.requests.average)} req/s`,
        );
      }
      await app.stop();
    }
  }
  console.table(results);
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}
