// node bench/cpu-per-request.mjs <checkout> [<checkout>…]: CPU milliseconds the app process spends per request,
// for the production builds of several checkouts side by side (each with its own `npm ci && npm run build`),
// alternating rounds. Unlike req/s, CPU time per request hardly moves when other work shares the machine, so a
// regression can be measured on a busy machine too (the req/s bench wants a quiet one).
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { freshSigningKey, signInCookie } from "./app-process.mjs";

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const checkouts = process.argv.slice(2).map((dir) => path.resolve(dir));
if (!checkouts.length) {
  console.error("usage: node bench/cpu-per-request.mjs <checkout> [<checkout>…]");
  process.exit(1);
}
const scenarios = [
  { name: "GET /healthz", path: "/healthz", signedIn: false },
  { name: "GET /login", path: "/login", signedIn: false },
  { name: "GET /account", path: "/account", signedIn: true },
  { name: "GET a lesson", path: "/learn/courses/transformation-law/five-ways", signedIn: true },
];

/** utime + stime of a process, in ms (Linux). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ = 100
}

function start(dir, env, port) {
  const child = spawn(process.execPath, ["build/server.js"], {
    cwd: dir,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (output.includes(`localhost:${port}`)) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${dir} exited (${code}):\n${output}`)));
  });
  return { child, ready };
}

const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
const results = new Map(); // checkout → scenario → [ms per request]
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, dir] of checkouts.entries()) {
      const dbName = `tma_cpu_${Date.now()}_${i}`;
      await admin.unsafe(`CREATE DATABASE "${dbName}"`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${dbName}`;
      const port = 3431 + i;
      const base = `http://localhost:${port}`;
      const app = start(
        dir,
        {
          DATABASE_URL: url.toString(),
          NODE_ENV: "production",
          APP_URL: base,
          SEED_DEMO: "true",
          SIGNING_KEY: freshSigningKey(),
        },
        port,
      );
      try {
        await app.ready;
        const cookie = await signInCookie(base, "trainee@demo.tm-academy.cn");
        // The demo trainee enrols in the course whose lesson is measured (as bench/run.mjs does).
        const course = "/learn/courses/transformation-law";
        await fetch(base + course, { method: "POST", headers: { cookie, Origin: base }, redirect: "manual" });
        for (const s of scenarios) {
          const headers = s.signedIn ? { cookie } : {};
          await autocannon({ url: base + s.path, connections: 10, amount: 300, headers }); // warm-up
          const before = cpuMs(app.child.pid);
          const r = await autocannon({ url: base + s.path, connections: 10, amount: REQUESTS, headers });
          const spent = cpuMs(app.child.pid) - before;
          if (r.non2xx || r.errors) throw new Error(`${dir} ${s.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
          const perDir = results.get(dir) ?? new Map();
          perDir.set(s.name, [...(perDir.get(s.name) ?? []), spent / REQUESTS]);
          results.set(dir, perDir);
        }
      } finally {
        app.child.kill("SIGTERM");
        await new Promise((resolve) => app.child.once("exit", resolve));
        await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      }
    }
  }
} finally {
  await admin.end();
}

const best = (values) => Math.min(...values);
const rows = scenarios.map((s) => {
  const row = { scenario: s.name };
  const first = best(results.get(checkouts[0]).get(s.name));
  for (const dir of checkouts) {
    const ms = best(results.get(dir).get(s.name));
    row[`${path.basename(dir)} ms/req`] = ms.toFixed(2);
    if (dir !== checkouts[0])
      row[`vs ${path.basename(checkouts[0])}`] = `${(((first - ms) / first) * -100).toFixed(0)} %`;
  }
  return row;
});
console.log(`CPU time of the app process per request (best of ${ROUNDS} rounds, ${REQUESTS} requests, 10 connections)`);
console.table(rows);
