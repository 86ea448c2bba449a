// node bench/exam-start-cost.mjs <checkout> [<checkout>…]: what one exam start and the first load of the
// 50-question page cost in each checkout's production build (each with its own `npm run build`), measured so a
// busy machine hardly moves it: CPU ms of the app process and of its database backends per request, and the
// statements sent per request (counted by a small proxy between the app and PostgreSQL, which reads the wire
// protocol's Bind and Query messages). Starts run with a few at once, so lock waits show too.
//
// BENCH_ROUNDS (default 1) repeats the whole measurement, the checkouts in turn, and prints the means.
// BENCH_SEED trainees (default 2000) are seeded as bench/exam.mjs seeds them; BENCH_WARM of them (default 200)
// start and open their exam first, unmeasured; then BENCH_MEASURE (default 300) are measured, BENCH_CONCURRENCY
// (default 8) at a time, then each of them saves BENCH_SAVES answers (default 3) and hands in. Checkouts before the briefing
// page (7c9987d) start with `POST /exams`.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";
import { freshSigningKey, percentile } from "./app-process.mjs";
import { seedTrainees } from "./exam.mjs";

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SEED = Number(process.env.BENCH_SEED ?? 2000);
const WARM = Number(process.env.BENCH_WARM ?? 200);
const MEASURE = Number(process.env.BENCH_MEASURE ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
// BENCH_SAVES (default 3): answers each measured trainee saves after opening the page (the "save" phase).
const SAVES = Number(process.env.BENCH_SAVES ?? 3);
// BENCH_PROFILE=<dir>: a CPU profile of each app process too, with the functions taking the most time in each
// measured phase printed (self time, and inclusive time of the app's own functions).
const PROFILE_DIR = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
const checkouts = process.argv.slice(2).map((dir) => path.resolve(dir));
if (!checkouts.length || WARM + MEASURE > SEED) {
  console.error(
    "usage: node bench/exam-start-cost.mjs <checkout> [<checkout>…] (BENCH_WARM + BENCH_MEASURE ≤ BENCH_SEED)",
  );
  process.exit(1);
}

/** utime + stime of a process, in ms (Linux); 0 when it is gone. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ = 100
  } catch {
    return 0;
  }
}

/**
 * A TCP proxy to PostgreSQL counting what the app sends: executions (Bind, or a simple Query) per statement
 * text, and Parse messages (a statement prepared anew).
 */
function countingProxy(upstreamPort) {
  const counts = { executions: 0, parses: 0, byText: new Map() };
  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, "127.0.0.1");
    upstream.on("data", (chunk) => client.write(chunk));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("close", () => upstream.destroy());
    const statements = new Map(); // statement name → text, per connection
    let buffer = Buffer.alloc(0);
    let started = false; // the startup message has no type byte
    const count = (text) => {
      counts.executions++;
      const key = text.replace(/\s+/g, " ").slice(0, 160);
      counts.byText.set(key, (counts.byText.get(key) ?? 0) + 1);
    };
    client.on("data", (chunk) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 4) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          buffer = buffer.subarray(length);
          started = true;
          continue;
        }
        if (buffer.length < 5) break;
        const type = String.fromCharCode(buffer[0]);
        const length = buffer.readInt32BE(1);
        if (buffer.length < 1 + length) break;
        const body = buffer.subarray(5, 1 + length);
        const cstring = (from) => {
          const end = body.indexOf(0, from);
          return [body.toString("utf8", from, end), end + 1];
        };
        if (type === "P") {
          const [name, next] = cstring(0);
          const [text] = cstring(next);
          statements.set(name, text);
          counts.parses++;
        } else if (type === "B") {
          const [, next] = cstring(0);
          const [name] = cstring(next);
          count(statements.get(name) ?? "?");
        } else if (type === "Q") {
          count(cstring(0)[0]);
        }
        buffer = buffer.subarray(1 + length);
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ port: server.address().port, counts, close: () => server.close() })),
  );
}

/** `node build/server.js` in a checkout (migrations are found from the working directory). */
function startApp(dir, env, port) {
  const args = PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`, "build/server.js"] : ["build/server.js"];
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${dir} did not start:\n${output}`)), 180_000);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes(`localhost:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${dir} exited (${code}):\n${output}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  return { pid: child.pid, ready, stop };
}

/** Runs fn over the list, `limit` at a time; returns each call's wall time in ms. */
async function pool(list, limit, fn) {
  const times = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < list.length) {
        const item = list[next++];
        const t = performance.now();
        await fn(item);
        times.push(performance.now() - t);
      }
    }),
  );
  return times.sort((a, b) => a - b);
}

/**
 * Self time per function and per package, and inclusive time of the app's own functions (build/server), in ms
 * per request, over the samples taken in one window of the monotonic clock (µs, as the profile's timestamps).
 */
function topOf(profile, [fromUs, toUs], requests) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const pkg = new Map();
  const inclusive = new Map();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t < fromUs || t > toUs) return;
    const key = (f) =>
      `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(node_modules\/)/, "$1").replace(/^file:\/\/.*\/build\//, "build/")}:${f.lineNumber}`;
    const f = byId.get(id).callFrame;
    self.set(key(f), (self.get(key(f)) ?? 0) + dt);
    const m = f.url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const p = m
      ? m[1]
      : f.url.includes("/build/")
        ? "build (app code)"
        : f.url
          ? f.url.split("/").slice(-1)[0]
          : f.functionName;
    pkg.set(p, (pkg.get(p) ?? 0) + dt);
    const seen = new Set();
    for (let node = id; node !== undefined; node = parent.get(node)) {
      const frame = byId.get(node).callFrame;
      if (!frame.url.includes("/build/")) continue;
      const k = key(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const top = (m, n) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, +(v / 1000 / requests).toFixed(2)]);
  return { byPackage: top(pkg, 15), bySelf: top(self, 25), appInclusive: top(inclusive, 40) };
}

if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
const admin = postgres(ADMIN_URL, { max: 2, onnotice: () => {} });
const adminUrl = new URL(ADMIN_URL);
const report = [];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
for (let round = 1; round <= ROUNDS; round++)
  for (const [i, dir] of checkouts.entries()) {
    const dbName = `tma_examcost_${Date.now()}_${i}`;
    await admin.unsafe(`CREATE DATABASE "${dbName}"`);
    const proxy = await countingProxy(Number(adminUrl.port || 5432));
    const direct = new URL(ADMIN_URL);
    direct.pathname = `/${dbName}`;
    const proxied = new URL(direct);
    proxied.port = String(proxy.port);
    const port = 3451 + i;
    const base = `http://localhost:${port}`;
    const app = startApp(
      dir,
      {
        DATABASE_URL: proxied.toString(),
        NODE_ENV: "production",
        APP_URL: base,
        SEED_DEMO: "true",
        SIGNING_KEY: freshSigningKey(),
      },
      port,
    );
    const sql = postgres(direct.toString(), { max: 2, onnotice: () => {} });
    try {
      await app.ready;
      const trainees = await seedTrainees(sql, SEED, Date.now().toString(36));
      const briefing = existsSync(path.join(dir, "app/routes/exams.briefing.$level.tsx"));
      const start = async (trainee) => {
        const res = await fetch(briefing ? `${base}/exams/briefing/junior` : `${base}/exams`, {
          method: "POST",
          headers: { cookie: trainee.cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
          body: briefing ? "intent=start" : "levelSlug=junior",
          redirect: "manual",
        });
        await res.arrayBuffer();
        const location = res.headers.get("location") ?? "";
        if (res.status !== 302 || !location.includes("/exams/attempts/")) throw new Error(`start ${res.status}`);
        // The device cookie the start set, as a browser would send it back.
        const device = res.headers.getSetCookie().find((c) => c.startsWith("tma_exam_device="));
        trainee.attemptId = location.split("/").pop();
        if (device) trainee.cookie += `; ${device.split(";")[0]}`;
      };
      const page = async (trainee) => {
        const res = await fetch(`${base}/exams/attempts/${trainee.attemptId}`, {
          headers: { cookie: trainee.cookie, Origin: base },
        });
        const body = await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`page ${res.status}`);
        // BENCH_PAGE_HTML=<file>: one page as the browser gets it, to weigh what compression makes of it.
        if (process.env.BENCH_PAGE_HTML && !existsSync(process.env.BENCH_PAGE_HTML))
          writeFileSync(process.env.BENCH_PAGE_HTML, Buffer.from(body));
      };
      await pool(trainees.slice(0, WARM), CONCURRENCY, async (t) => {
        await start(t);
        await page(t);
      });
      const appPid = app.pid;
      const backends = async () =>
        (await sql`select pid from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`).map(
          (r) => r.pid,
        );
      // Backend CPU: the pool's connections, read before and after (a connection opened meanwhile counts from 0).
      // `rounds` runs the list that many times, `between(round)` before each, outside what is measured.
      const measure = async (name, list, fn, { rounds = 1, between } = {}) => {
        const executions = proxy.counts.executions;
        const parses = proxy.counts.parses;
        const texts = new Map(proxy.counts.byText);
        let lockSamples = 0;
        let samples = 0;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            const [{ waiting }] =
              await sql`select count(*)::int as waiting from pg_stat_activity where datname = ${dbName} and wait_event_type = 'Lock'`;
            lockSamples += waiting;
            samples++;
            await new Promise((r) => setTimeout(r, 50));
          }
        })();
        let appMs = 0;
        let dbMs = 0;
        let seconds = 0;
        const times = [];
        const fromUs = Number(process.hrtime.bigint() / 1000n);
        const stopSampling = async () => {
          sampling = false;
          await sampler;
        };
        try {
          for (let r = 0; r < rounds; r++) {
            // Through its own connection, not the proxy: nothing of it is counted.
            if (between) await between(r);
            const pidsBefore = await backends();
            const dbBefore = new Map(pidsBefore.map((pid) => [pid, cpuMs(pid)]));
            const appBefore = cpuMs(appPid);
            const began = performance.now();
            times.push(...(await pool(list, CONCURRENCY, fn)));
            seconds += (performance.now() - began) / 1000;
            appMs += cpuMs(appPid) - appBefore;
            for (const pid of new Set([...pidsBefore, ...(await backends())]))
              dbMs += cpuMs(pid) - (dbBefore.get(pid) ?? 0);
          }
        } finally {
          // A failed request ends the run: the sampler stops first, so its error is the one shown.
          await stopSampling();
        }
        const toUs = Number(process.hrtime.bigint() / 1000n);
        times.sort((a, b) => a - b);
        const requests = list.length * rounds;
        const perText = [...proxy.counts.byText.entries()]
          .map(([text, n]) => [text, (n - (texts.get(text) ?? 0)) / requests])
          .filter(([, n]) => n > 0)
          .sort((a, b) => b[1] - a[1]);
        return {
          round,
          checkout: dir,
          scenario: name,
          requests,
          appCpuMsPerRequest: +(appMs / requests).toFixed(2),
          dbCpuMsPerRequest: +(dbMs / requests).toFixed(2),
          statementsPerRequest: +((proxy.counts.executions - executions) / requests).toFixed(2),
          parsesPerRequest: +((proxy.counts.parses - parses) / requests).toFixed(2),
          lockWaitingBackendsAvg: samples ? +(lockSamples / samples).toFixed(2) : 0,
          window: [fromUs, toUs],
          wallP50: Math.round(percentile(times, 50)),
          wallP99: Math.round(percentile(times, 99)),
          reqPerSecond: +(requests / seconds).toFixed(1),
          statements: perText,
        };
      };
      // Saves as bench/exam.mjs sends them: item k (the round) of the single-choice section, any of its 4 options.
      let item = 0;
      const save = async (trainee) => {
        const res = await fetch(`${base}/exams/attempts/${trainee.attemptId}/save`, {
          method: "POST",
          headers: { cookie: trainee.cookie, Origin: base, "Content-Type": "application/json" },
          body: JSON.stringify({ item, part: 0, response: Math.floor(Math.random() * 4), seq: 1 }),
        });
        const body = await res.json();
        if (res.status !== 200 || !body.ok) throw new Error(`save ${res.status} ${JSON.stringify(body)}`);
      };
      // The hand-in, as bench/exam.mjs sends it: the attempt is closed and graded, and the answer is a redirect.
      const submit = async (trainee) => {
        const res = await fetch(`${base}/exams/attempts/${trainee.attemptId}`, {
          method: "POST",
          headers: { cookie: trainee.cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
          body: "intent=submit",
          redirect: "manual",
        });
        await res.arrayBuffer();
        if (res.status !== 302) throw new Error(`submit ${res.status}`);
      };
      const measured = trainees.slice(WARM, WARM + MEASURE);
      const phases = [
        await measure("start", measured, start),
        await measure("page", measured, page),
        // SAVES rounds, each trainee saving once per round; the 15 s between a candidate's saves pass between
        // rounds (last seen moved back), so each save writes "last seen" as on the exam day.
        await measure("save", measured, save, {
          rounds: SAVES,
          between: async (r) => {
            item = r;
            await sql`update exam_attempts set last_seen_at = last_seen_at - interval '15 seconds' where id = any(${sql.array(measured.map((t) => t.attemptId))}::uuid[])`;
          },
        }),
        await measure("submit", measured, submit),
      ];
      report.push(...phases);
      if (PROFILE_DIR) {
        const before = new Set(readdirSync(PROFILE_DIR));
        await app.stop();
        const file = readdirSync(PROFILE_DIR).find((f) => !before.has(f) && f.endsWith(".cpuprofile"));
        const profile = JSON.parse(readFileSync(path.join(PROFILE_DIR, file), "utf8"));
        for (const phase of phases) phase.profile = { file, ...topOf(profile, phase.window, phase.requests) };
        // Each phase's window beside its profile, for a closer look (the profile's own clock, µs).
        writeFileSync(
          path.join(PROFILE_DIR, file.replace(/\.cpuprofile$/, ".phases.json")),
          JSON.stringify(phases.map(({ scenario, window, requests }) => ({ scenario, window, requests }))),
        );
      }
    } finally {
      await app.stop();
      proxy.close();
      await sql.end();
      // BENCH_KEEP_DB=1: the seeded database stays, to EXPLAIN its queries (drop it afterwards).
      if (process.env.BENCH_KEEP_DB === "1") console.log(`kept database ${dbName}`);
      else await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    }
  }
await admin.end();

for (const r of report) {
  console.log(
    `\n${r.checkout} · ${r.scenario} · round ${r.round} (${r.requests}, ${CONCURRENCY} at a time): app ${r.appCpuMsPerRequest} ms CPU, ` +
      `database ${r.dbCpuMsPerRequest} ms CPU, ${r.statementsPerRequest} statements (${r.parsesPerRequest} parsed), ` +
      `lock waits ${r.lockWaitingBackendsAvg} backends on average; wall p50 ${r.wallP50} ms, p99 ${r.wallP99} ms, ${r.reqPerSecond} req/s`,
  );
  if (process.env.BENCH_STATEMENTS !== "0")
    for (const [text, n] of r.statements) console.log(`  ${n.toFixed(2).padStart(6)} × ${text}`);
  if (r.profile) {
    console.log(`  profile ${r.profile.file}, ms per request:`);
    for (const [title, list] of [
      ["by package", r.profile.byPackage],
      ["by function (self)", r.profile.bySelf],
      ["app functions (inclusive)", r.profile.appInclusive],
    ]) {
      console.log(`  ${title}:`);
      for (const [k, v] of list) console.log(`    ${v.toFixed(2).padStart(6)}  ${k}`);
    }
  }
}

// Over the rounds (alternating checkouts): the mean CPU per request of each checkout and scenario.
if (ROUNDS > 1) {
  console.log("\nmean over the rounds (ms CPU per request: app + database = total; statements):");
  for (const dir of checkouts)
    for (const scenario of ["start", "page", "save"]) {
      const runs = report.filter((r) => r.checkout === dir && r.scenario === scenario);
      const mean = (f) => runs.reduce((n, r) => n + f(r), 0) / runs.length;
      const app = mean((r) => r.appCpuMsPerRequest);
      const db = mean((r) => r.dbCpuMsPerRequest);
      console.log(
        `  ${dir} · ${scenario}: ${app.toFixed(2)} + ${db.toFixed(2)} = ${(app + db).toFixed(2)} ms; ` +
          `${mean((r) => r.statementsPerRequest).toFixed(1)} statements, ${mean((r) => r.parsesPerRequest).toFixed(1)} parsed`,
      );
    }
}
