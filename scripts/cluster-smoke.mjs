// The cluster smoke (.ci/run, `npm run smoke:cluster`, after `npm run build`): on a fresh PostgreSQL database, nginx
// (deploy/nginx.conf) in front of two web copies, a worker, and a local SMTP sink. A center
// imports trainees (one invitation each), then ~100 candidates sit an exam; one web copy is killed with -9 in the
// middle. It fails, with a message saying what went wrong, unless every candidate finished, no start, save or
// hand-in failed, no acknowledged save is missing from the database, every attempt was resumed and submitted, and
// every mail arrived once.
// Environment: PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres), SMOKE_CANDIDATES (100),
// SMOKE_MAILS (40), SMOKE_TIMEOUT_S (240: then it stops everything and fails).
import postgres from "postgres";
import {
  attemptsOfSessions,
  examSessionIds,
  lostSaves,
  mailDeliveredOnce,
  retriedByNginx,
  runCandidates,
} from "../bench/cluster.mjs";
import { seedTrainees } from "../bench/exam.mjs";
import { runImportScenario } from "../bench/import.mjs";
import { startCluster } from "./cluster.mjs";
import { startSmtpSink } from "./smtp-sink.mjs";

const ADMIN_URL = process.env.PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const CANDIDATES = Number(process.env.SMOKE_CANDIDATES ?? 100);
const MAILS = Number(process.env.SMOKE_MAILS ?? 40);
const TIMEOUT_S = Number(process.env.SMOKE_TIMEOUT_S ?? 240);
const RAMP_MS = 6000;
const SAVES = 5;
const SAVE_EVERY_MS = 1200;
/** The kill lands while candidates are still starting and saving. */
const KILL_AFTER_MS = 5000;

const began = Date.now();
const elapsed = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[cluster smoke ${elapsed()}] ${line}`);
const checks = [];
const check = (ok, what, detail = "") => {
  checks.push({ ok, what });
  console.log(`${ok ? "✓" : "✗"} ${what}${detail ? ` — ${detail}` : ""}`);
};

const dbName = `tma_smoke_${Date.now()}_${process.pid}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
const dbUrl = new URL(ADMIN_URL);
dbUrl.pathname = `/${dbName}`;
let cluster;
let sink;
let sql;
let failure;
// A smoke that hangs must not eat CI's time: stop everything and fail.
const watchdog = setTimeout(async () => {
  console.error(`✗ the cluster smoke did not finish within ${TIMEOUT_S} s; stopping it`);
  await cluster?.stop().catch(() => {});
  await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
  process.exit(1);
}, TIMEOUT_S * 1000);
try {
  await admin.unsafe(`CREATE DATABASE "${dbName}"`);
  sink = await startSmtpSink();
  cluster = await startCluster({ databaseUrl: dbUrl.toString(), web: 2, workers: 1, smtpUrl: sink.url, log: say });
  const base = cluster.url;
  sql = postgres(dbUrl.toString(), { max: 4, onnotice: () => {} });

  // Mail: the demo center imports MAILS new trainees through nginx; each gets an invitation, which a worker sends
  // while the exam runs.
  const imported = await runImportScenario({ base, dbUrl: dbUrl.toString(), rows: MAILS });
  say(`imported ${imported.created} trainees, ${imported.invitations} invitations queued`);

  const sessionsBefore = new Set(await examSessionIds(sql));
  const trainees = await seedTrainees(sql, CANDIDATES, `smoke${Date.now().toString(36)}`);
  const sessionIds = (await examSessionIds(sql)).filter((id) => !sessionsBefore.has(id));
  say(`${trainees.length} candidates seeded; the exam starts (kill -9 of web2 after ${KILL_AFTER_MS / 1000} s)`);

  const state = { inFlight: 0 };
  let inFlightAtKill = 0;
  const killed = new Promise((resolve) =>
    setTimeout(async () => {
      inFlightAtKill = state.inFlight;
      await cluster.killCopy(1);
      say(`killed web2 (pid ${cluster.copies[1].pid}) with ${inFlightAtKill} requests under way`);
      resolve();
    }, KILL_AFTER_MS),
  );
  const run = await runCandidates({
    base,
    trainees,
    rampMs: RAMP_MS,
    saves: SAVES,
    saveEveryMs: SAVE_EVERY_MS,
    killed,
    state,
  });
  await killed;
  say(`exam done: ${run.requests} requests in ${run.seconds} s, p50 ${run.p50} ms, p99 ${run.p99} ms`);

  check(!cluster.copies[1].alive && cluster.copies[0].alive, "web2 was killed during the load; web1 kept serving");
  check(
    run.stuck.length === 0,
    "every candidate carried on to the end",
    run.stuck.length ? `${run.stuck.length} stopped: ${[...new Set(run.stuck)].slice(0, 3).join("; ")}` : "",
  );
  // Writes are answered whole or not at all, so nginx repeats them on the other copy and no candidate sees them
  // fail. A page whose answer was already streaming when its copy died arrives cut off (no load balancer can
  // repeat it): the browser loads it again, as these candidates do; those are counted, not failed.
  const writeFailures = run.failures.start + run.failures.save + run.failures.submit;
  const pageFailures = run.failures.briefing + run.failures.page + run.failures.resume;
  check(
    writeFailures === 0 && run.refused.length === 0,
    "no start, save or hand-in failed: nginx repeated the killed copy's on the other copy",
    `failed requests by kind ${JSON.stringify(run.failures)}${run.failed.length ? ` (${[...new Set(run.failed)].slice(0, 4).join("; ")})` : ""}${run.refused.length ? `; refused saves: ${run.refused.slice(0, 3).join(", ")}` : ""}`,
  );
  if (pageFailures) say(`${pageFailures} pages were cut off by the kill and loaded again`);
  const lost = await lostSaves(sql, run.acknowledged);
  check(
    lost === 0 && run.acknowledged.length === trainees.length * SAVES,
    "0 acknowledged saves lost",
    `${run.acknowledged.length} of ${trainees.length * SAVES} saves acknowledged, ${lost} not in the database`,
  );
  const attempts = await attemptsOfSessions(sql, sessionIds);
  check(
    attempts.submitted === trainees.length,
    "every attempt was resumed after the kill and submitted",
    JSON.stringify(attempts),
  );
  const nginxLog = await cluster.nginxErrors();
  const retried = retriedByNginx(nginxLog);
  if (writeFailures) {
    // What nginx saw, once per kind of message, to tell why a request was not sent on.
    const kinds = new Set(nginxLog.split("\n").map((l) => l.replace(/^\S+ \S+ \[(\w+)\] \d+#\d+: \*\d+ /, "[$1] ")));
    console.log([...kinds].filter(Boolean).slice(0, 8).join("\n"));
  }
  say(`nginx sent ${retried} requests on to the other copy (its error log)`);
  const mail = await mailDeliveredOnce(sql, sink, { timeoutMs: 30_000 });
  check(
    mail.twice.length === 0 && mail.missing.length === 0 && mail.unsent === 0 && mail.sent >= MAILS,
    "every mail arrived exactly once",
    `${mail.sent} sent, ${mail.received} received, ${mail.unsent} unsent${mail.twice.length ? `; twice: ${mail.twice.slice(0, 3).join(", ")}` : ""}${mail.missing.length ? `; missing: ${mail.missing.slice(0, 3).join(", ")}` : ""}`,
  );
} catch (error) {
  failure = error;
  console.error(`✗ the cluster smoke could not run: ${error instanceof Error ? error.message : error}`);
  if (cluster) console.error((await cluster.nginxErrors()).split("\n").slice(-15).join("\n"));
} finally {
  await sql?.end();
  await cluster?.stop().catch((error) => console.error(`stopping the cluster: ${error}`));
  await sink?.close();
  await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
  await admin.end();
}

clearTimeout(watchdog);
const failed = checks.filter((c) => !c.ok).length + (failure ? 1 : 0);
console.log(`cluster smoke: ${elapsed()}`);
console.log(`smoke: ${checks.length - (failed - (failure ? 1 : 0))} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
