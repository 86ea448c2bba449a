// Candidates and checks for several copies behind nginx (scripts/cluster.mjs): the cluster smoke
// (scripts/cluster-smoke.mjs) and `BENCH_TOPOLOGY=nginx npm run bench` kill -9 one web copy in the middle of an exam
// and then compare what the candidates were told with the database, and count mail at an SMTP sink.
import { percentile } from "./app-process.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Acknowledged saves whose answer is not in the database as sent (the last acknowledged one per item). */
export async function lostSaves(sql, acknowledged) {
  const latest = new Map();
  for (const a of acknowledged) {
    const key = `${a.attemptId}:${a.item}:${a.part}`;
    if (!latest.has(key) || latest.get(key).seq < a.seq) latest.set(key, a);
  }
  const wanted = [...latest.values()];
  let lost = 0;
  for (let i = 0; i < wanted.length; i += 1000) {
    const chunk = wanted.slice(i, i + 1000);
    const rows = await sql`
      select attempt_id, item, part, response, seq from attempt_answers
      where attempt_id in ${sql([...new Set(chunk.map((a) => a.attemptId))])}`;
    const stored = new Map(rows.map((r) => [`${r.attempt_id}:${r.item}:${r.part}`, r]));
    for (const a of chunk) {
      const row = stored.get(`${a.attemptId}:${a.item}:${a.part}`);
      // A later save may have replaced it (higher seq), never an earlier one.
      if (!row || row.seq < a.seq || (row.seq === a.seq && row.response?.value !== a.response)) lost++;
    }
  }
  return lost;
}

/** How the candidates of exam sessions ended: submitted, still open (resumable), expired, never started. */
export async function attemptsOfSessions(sql, sessionIds) {
  if (!sessionIds.length) return { candidates: 0, submitted: 0, open: 0, expired: 0, notStarted: 0 };
  const [row] = await sql`
    select count(*)::int as candidates,
           count(*) filter (where a.status = 'submitted')::int as submitted,
           count(*) filter (where a.status = 'open')::int as open,
           count(*) filter (where a.status = 'expired')::int as expired,
           count(*) filter (where a.id is null)::int as "notStarted"
    from exam_session_candidates c
    left join exam_attempts a on a.user_id = c.user_id and a.session_id = c.session_id
    where c.session_id in ${sql(sessionIds)}`;
  return row;
}

/** The ids of all exam sessions now (the bench's runs each add one). */
export async function examSessionIds(sql) {
  return (await sql`select id from exam_sessions`).map((r) => r.id);
}

/**
 * Waits until the outbox has nothing left to send (or `timeoutMs`), then a moment more for a late duplicate, and
 * compares each recipient's sent mails with what the sink received: every mail exactly once.
 */
export async function mailDeliveredOnce(sql, sink, { timeoutMs = 30_000, settleMs = 3000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let pending = 0;
  for (;;) {
    [{ pending }] = await sql`select count(*)::int as pending from email_outbox where sent_at is null and attempts < 5`;
    if (pending === 0 || Date.now() > deadline) break;
    await sleep(250);
  }
  await sleep(settleMs);
  const rows =
    await sql`select lower("to") as "to", count(*)::int as n from email_outbox where sent_at is not null group by 1`;
  const sent = new Map(rows.map((r) => [r.to, r.n]));
  const received = sink.byRecipient();
  const twice = [];
  const missing = [];
  for (const [to, n] of sent) {
    const got = received.get(to) ?? 0;
    if (got > n) twice.push(`${to} (${got} for ${n})`);
    if (got < n) missing.push(`${to} (${got} of ${n})`);
  }
  for (const [to, got] of received) if (!sent.has(to)) twice.push(`${to} (${got}, not in the outbox as sent)`);
  const failed = (await sql`select count(*)::int as n from email_outbox where sent_at is null`)[0].n;
  return {
    queued: [...sent.values()].reduce((a, b) => a + b, 0) + failed,
    sent: [...sent.values()].reduce((a, b) => a + b, 0),
    received: sink.received.length,
    unsent: failed,
    twice,
    missing,
  };
}

/**
 * The cluster smoke's candidates, who behave like a browser on the exam pages: each opens the briefing (keeping the
 * device cookie it sets), starts, opens the page, saves `saves` answers `saveEveryMs` apart (some overwriting earlier ones, with a rising
 * sequence number), and submits. A request that fails (no answer, or 5xx) is sent again after a short wait, as the
 * page's answer queue and a person clicking again do; each such failure is counted. After `killed` resolves every
 * candidate opens the page once more (resuming) before submitting. `state.inFlight` counts requests under way.
 */
export async function runCandidates({ base, trainees, rampMs, saves, saveEveryMs, killed, state = { inFlight: 0 } }) {
  const latencies = { briefing: [], start: [], page: [], resume: [], save: [], submit: [] };
  const failures = { briefing: 0, start: 0, page: 0, resume: 0, save: 0, submit: 0 };
  const refused = [];
  const failed = [];
  const acknowledged = [];

  /** One request, tried until it is answered below 500 (at most 8 times); returns the response and its body. */
  const send = async (kind, url, init) => {
    for (let attempt = 1; ; attempt++) {
      const t = performance.now();
      state.inFlight++;
      try {
        const res = await fetch(url, { redirect: "manual", ...init, signal: AbortSignal.timeout(20_000) });
        const body = await res.text();
        latencies[kind].push(performance.now() - t);
        if (res.status < 500) return { res, body };
        failures[kind]++;
        failed.push(`${kind} ${res.status} ${body.slice(0, 80)}`);
      } catch (error) {
        failures[kind]++;
        failed.push(`${kind} ${error?.cause?.code ?? error?.name ?? error}`);
      } finally {
        state.inFlight--;
      }
      if (attempt >= 8) throw new Error(`${kind}: no answer after ${attempt} tries`);
      await sleep(300 * attempt);
    }
  };

  const sit = async (trainee, index) => {
    await sleep((index / trainees.length) * rampMs);
    let cookie = trainee.cookie;
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const takeDeviceCookie = (res) => {
      const device = res.headers.getSetCookie().find((c) => c.startsWith("tma_exam_device="));
      if (device) cookie = `${trainee.cookie}; ${device.split(";")[0]}`;
    };
    // The briefing page hands out the device token the attempt will be bound to.
    const briefing = await send("briefing", `${base}/exams/briefing/junior`, { headers: { cookie } });
    if (briefing.res.status !== 200) throw new Error(`briefing answered ${briefing.res.status}`);
    takeDeviceCookie(briefing.res);
    const start = await send("start", `${base}/exams/briefing/junior`, {
      method: "POST",
      headers: { cookie, Origin: base, ...form },
      body: "intent=start",
    });
    const location = start.res.headers.get("location") ?? "";
    if (start.res.status !== 302 || !location.includes("/exams/attempts/"))
      throw new Error(`start answered ${start.res.status}`);
    takeDeviceCookie(start.res);
    const attemptId = location.split("/").pop();
    const page = await send("page", `${base}/exams/attempts/${attemptId}`, { headers: { cookie } });
    if (page.res.status !== 200) throw new Error(`page answered ${page.res.status}`);
    for (let k = 0; k < saves; k++) {
      await sleep(saveEveryMs * (0.8 + Math.random() * 0.4));
      // The single-choice section: any of 4 options; every third save changes an earlier answer.
      const save = { item: k % Math.max(1, saves - 2), part: 0, response: Math.floor(Math.random() * 4), seq: k + 1 };
      const saved = await send("save", `${base}/exams/attempts/${attemptId}/save`, {
        method: "POST",
        headers: { cookie, Origin: base, "Content-Type": "application/json" },
        body: JSON.stringify(save),
      });
      const body = JSON.parse(saved.body || "{}");
      if (saved.res.status === 200 && body.ok) acknowledged.push({ attemptId, ...save });
      else refused.push(`save ${saved.res.status} ${body.reason ?? ""}`);
    }
    await killed;
    const resume = await send("resume", `${base}/exams/attempts/${attemptId}`, { headers: { cookie } });
    if (resume.res.status !== 200) throw new Error(`resuming answered ${resume.res.status}`);
    const submit = await send("submit", `${base}/exams/attempts/${attemptId}`, {
      method: "POST",
      headers: { cookie, Origin: base, ...form },
      body: "intent=submit",
    });
    if (submit.res.status !== 302) throw new Error(`submit answered ${submit.res.status}`);
  };

  const began = performance.now();
  const outcomes = await Promise.allSettled(trainees.map((t, i) => sit(t, i)));
  const stuck = outcomes.filter((o) => o.status === "rejected").map((o) => String(o.reason?.message ?? o.reason));
  const all = Object.values(latencies)
    .flat()
    .sort((a, b) => a - b);
  return {
    seconds: Math.round((performance.now() - began) / 1000),
    requests: all.length,
    p50: Math.round(percentile(all, 50)),
    p99: Math.round(percentile(all, 99)),
    failures,
    failed,
    refused,
    stuck,
    acknowledged,
  };
}

/**
 * `BENCH_TOPOLOGY=…,nginx npm run bench`: the exam scenario (bench/exam.mjs) through nginx in front of `web` copies
 * and a worker, on a database of its own. In each run one web copy is killed with -9 `killAfterMs` into the load
 * (the middle: starts are spread over 60 s, the last saves end about 60 s later) and started again after the run.
 * Then a center imports `mails` trainees and each invitation must reach the SMTP sink exactly once.
 */
export async function runNginxTopology({ adminUrl, ns, web = 3, workers = 1, mails = 500, killAfterMs = 60_000 }) {
  const [{ default: postgres }, { startCluster }, { startSmtpSink }, { runExamScenario }, { runImportScenario }] =
    await Promise.all([
      import("postgres"),
      import("../scripts/cluster.mjs"),
      import("../scripts/smtp-sink.mjs"),
      import("./exam.mjs"),
      import("./import.mjs"),
    ]);
  const dbName = `tma_bench_nginx_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const sink = await startSmtpSink();
  let cluster;
  let sql;
  try {
    cluster = await startCluster({
      databaseUrl: dbUrl.toString(),
      web,
      workers,
      smtpUrl: sink.url,
      env: { VERIFY_API_ANONYMOUS_PER_MINUTE: "100000000" },
      log: (line) => console.log(`  ${line}`),
    });
    sql = postgres(dbUrl.toString(), { max: 2, onnotice: () => {} });
    const runs = [];
    for (const [index, n] of ns.entries()) {
      const victim = index % web;
      console.log(
        `\nexam scenario behind nginx (${web} web copies, ${workers} worker): ${n} trainees; kill -9 of web${victim + 1} after ${killAfterMs / 1000} s …`,
      );
      const before = new Set(await examSessionIds(sql));
      const retriedBefore = retriedByNginx(await cluster.nginxErrors());
      let killedAt = null;
      const timer = setTimeout(() => {
        killedAt = new Date();
        void cluster.killCopy(victim);
      }, killAfterMs);
      const run = await runExamScenario({ base: cluster.url, dbUrl: dbUrl.toString(), n });
      clearTimeout(timer);
      const attempts = await attemptsOfSessions(
        sql,
        (await examSessionIds(sql)).filter((id) => !before.has(id)),
      );
      const retried = retriedByNginx(await cluster.nginxErrors()) - retriedBefore;
      runs.push({ ...run, killed: killedAt ? `web${victim + 1}` : null, retriedByNginx: retried, attempts });
      console.log(
        `  N=${n}: ${run.requests} requests in ${run.seconds} s; p50 ${run.p50} ms, p99 ${run.p99} ms; errors ${run.errors}; acknowledged saves ${run.acknowledged}, lost ${run.lost}; ${killedAt ? `web${victim + 1} killed, ${retried} requests sent on by nginx` : "no copy killed (the run ended first)"}; attempts ${JSON.stringify(attempts)}`,
      );
      console.table(run.byKind);
      console.log(`  p99 by 10 s of the run (ms): ${run.p99By10s.join(" ")}`);
      console.log(`  first 10 s, each second (requests:p50/p99 ms): ${run.firstSeconds.join(" ")}`);
      if (killedAt) await cluster.restartCopy(victim);
    }
    console.log(`\nmail behind nginx: a center imports ${mails} trainees; each invitation must arrive once …`);
    const imported = await runImportScenario({ base: cluster.url, dbUrl: dbUrl.toString(), rows: mails });
    const mail = await mailDeliveredOnce(sql, sink, { timeoutMs: 180_000 });
    console.log(
      `  ${imported.invitations} invitations queued; ${mail.sent} mails sent, ${mail.received} received at the sink, ${mail.twice.length} twice, ${mail.missing.length} missing, ${mail.unsent} unsent → ${mail.twice.length === 0 && mail.missing.length === 0 && mail.unsent === 0 ? "exactly once" : "NOT exactly once"}`,
    );
    return { web, workers, runs, mail };
  } finally {
    await sql?.end();
    await cluster?.stop();
    await sink.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

/** Requests nginx sent on to another copy after the first failed (its error log names each). */
export function retriedByNginx(errorLog) {
  return (errorLog.match(/while (reading response header from|connecting to) upstream/g) ?? []).length;
}

/** One table of the exam runs per topology (p50/p99, errors, lost saves, attempts left unsubmitted). */
export function reportTopologies(byTopology) {
  const rows = [];
  for (const [topology, runs] of Object.entries(byTopology))
    for (const run of runs ?? [])
      rows.push({
        topology,
        N: run.n,
        "p50 ms": run.p50,
        "p99 ms": run.p99,
        errors: run.errors,
        "acknowledged saves": run.acknowledged,
        "lost saves": run.lost,
        "not submitted": run.attempts ? run.attempts.candidates - run.attempts.submitted : "—",
        "killed copy": run.killed ?? "—",
      });
  if (rows.length) console.table(rows);
}
