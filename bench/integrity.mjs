// BENCH_INTEGRITY=1 of `npm run bench` (issue #17, docs/exam-integrity.md): the exam scenario without and with
// integrity events (one per candidate per minute, through the exam page's endpoint) side by side, and how soon a
// proctor console watching the session shows a change while the session is under that load.
import { createHash, randomBytes } from "node:crypto";
import { runExamScenario } from "./exam.mjs";

const EVENT_EVERY_MS = 60_000;

const token = () => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return Array.from(randomBytes(24), (b) => alphabet[b & 31]).join("");
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A staff member of the session's center with a signed-in session, written straight to the database. */
async function seedProctor(sql, centerId, runId) {
  const [user] = await sql`
    insert into users (email, name) values (${`bench-proctor-${runId}@example.cn`}, ${`压测监考${runId}`})
    returning id`;
  await sql`insert into memberships (user_id, role, organization_id) values (${user.id}, 'center_staff', ${centerId})`;
  const [{ version }] = await sql`select version from privacy_consents order by created_at desc limit 1`;
  await sql`insert into privacy_consents (user_id, version, source) values (${user.id}, ${version}, 'import')`;
  const id = token();
  const secret = token();
  await sql`insert into sessions (id, user_id, secret_hash)
    values (${id}, ${user.id}, ${createHash("sha256").update(secret).digest()})`;
  return `tma_session=${id}.${secret}`;
}

/** The console's live feed: every snapshot as it arrives, and a wait for the first one that shows something. */
function openConsole(url, cookie) {
  const controller = new AbortController();
  const waiters = [];
  let latest = null;
  const done = (async () => {
    const res = await fetch(url, { headers: { cookie, Accept: "text/event-stream" }, signal: controller.signal });
    if (res.status !== 200 || !res.headers.get("content-type")?.includes("text/event-stream"))
      throw new Error(`console stream: ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message.split("\n").find((line) => line.startsWith("data: "));
        if (!message.startsWith("event: snapshot") || !data) continue;
        latest = JSON.parse(data.slice(6));
        const at = performance.now();
        for (const w of [...waiters])
          if (w.test(latest)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(at);
          }
      }
    }
  })().catch((error) => {
    // Closing the stream aborts it; anything else leaves the waits to time out, saying what happened.
    if (error.name !== "AbortError") console.error(`console stream: ${error.message}`);
  });
  /** Resolves with the arrival time of the first snapshot (from now on) that passes `test`; rejects after `ms`. */
  const waitFor = (test, ms = 15_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`console showed no change within ${ms} ms`)), ms);
      waiters.push({
        test,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
    });
  return { waitFor, latest: () => latest, close: () => controller.abort(), done };
}

/**
 * Beside the load: a proctor watches the session; one more candidate (the probe, seeded in the same session but
 * not part of the load) starts, saves `probes` answers, reports an event and hands in, and each time the wait
 * until the console shows it is measured (from sending the request to the snapshot that shows it).
 */
async function watchConsole({ base, sql, runId, spare, probes, startAfterMs }) {
  const [probe] = spare;
  const [session] = await sql`select id, center_id from exam_sessions where name = ${`bench ${runId}`}`;
  const cookie = await seedProctor(sql, session.center_id, runId);
  const stream = openConsole(
    `${base}/manage/organizations/${session.center_id}/exam-sessions/${session.id}/live`,
    cookie,
  );
  const row = (snapshot) => snapshot.candidates.find((c) => c.userId === probe.userId);
  const samples = [];
  const measure = async (kind, send, shows) => {
    const sent = performance.now();
    const seen = stream.waitFor((s) => !!row(s) && shows(row(s)));
    seen.catch(() => {}); // awaited below; a failed send must not leave it unhandled meanwhile
    await send();
    samples.push({ kind, ms: Math.round((await seen) - sent) });
  };
  try {
    await stream.waitFor(() => true, 30_000);
    // Measured while the load is under way (the ramp starts every trainee within its first minute).
    await sleep(startAfterMs);
    const headers = { cookie: probe.cookie, Origin: base };
    let attemptId = "";
    await measure(
      "start",
      async () => {
        const res = await fetch(`${base}/exams/briefing/junior`, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
          body: "intent=start",
          redirect: "manual",
        });
        await res.arrayBuffer();
        attemptId = (res.headers.get("location") ?? "").split("/").pop();
        const device = res.headers.getSetCookie().find((c) => c.startsWith("tma_exam_device="));
        if (res.status !== 302 || !attemptId || !device) throw new Error(`probe start ${res.status}`);
        headers.cookie = `${probe.cookie}; ${device.split(";")[0]}`;
      },
      (r) => r.state !== "expected",
    );
    const post = async (path, body) => {
      const res = await fetch(`${base}/exams/attempts/${attemptId}${path}`, {
        method: "POST",
        headers: { ...headers, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`probe ${path} ${res.status}`);
    };
    for (let k = 0; k < probes; k++) {
      // A few seconds apart, as a candidate answers (the console's "last seen" is written at most every 5 s).
      await sleep(6_000);
      await measure(
        "save",
        () => post("/save", { item: k, part: 0, response: 0, seq: 1 }),
        (r) => r.answered >= k + 1,
      );
    }
    await measure(
      "event",
      () => post("/events", { events: [{ seq: 1, kind: "window_blur", at: new Date().toISOString() }] }),
      (r) => r.events >= 1,
    );
    await sleep(6_000);
    await measure(
      "submit",
      async () => {
        const res = await fetch(`${base}/exams/attempts/${attemptId}`, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
          body: "intent=submit",
          redirect: "manual",
        });
        await res.arrayBuffer();
        if (res.status !== 302) throw new Error(`probe submit ${res.status}`);
      },
      (r) => r.state === "submitted",
    );
    return { candidates: stream.latest()?.totals.expected ?? 0, samples };
  } finally {
    stream.close();
    await stream.done;
  }
}

/**
 * The same exam scenario with N trainees each: without integrity events, and with one event per trainee per
 * minute and a proctor console watching (its probe measured as above). `rounds` > 1 repeats the pair in
 * alternating order (off, on, on, off, …), so neither mode always meets the larger database; the p99s of a
 * mode are averaged. The p99 compared is the exam's own requests' (start, page, save, submit); the events'
 * own latency is in byKind.
 */
export async function runIntegrityScenario({ base, dbUrl, n, rounds = 1, probes = 3, startAfterMs = 20_000 }) {
  const runs = { off: [], on: [] };
  let watchedConsole = null;
  for (let round = 0; round < rounds; round++) {
    for (const mode of round % 2 ? ["on", "off"] : ["off", "on"]) {
      const watched = mode === "on" && !watchedConsole;
      const run = await runExamScenario({
        base,
        dbUrl,
        n,
        ...(mode === "on" ? { eventsEveryMs: EVENT_EVERY_MS } : {}),
        // The console is measured once, in the first run with events.
        ...(watched
          ? {
              spare: 1,
              // A failure of the console's measurement is reported with the figures, not thrown mid-load.
              onSeeded: ({ sql, runId, spare }) =>
                watchConsole({ base, sql, runId, spare, probes, startAfterMs }).catch((error) => ({
                  candidates: 0,
                  samples: [],
                  error: error.message,
                })),
            }
          : {}),
      });
      if (watched) watchedConsole = run.beside;
      runs[mode].push(run);
    }
  }
  const mean = (list, key) => Math.round(list.reduce((sum, r) => sum + r[key], 0) / list.length);
  const summary = (list) => ({
    requests: list.reduce((sum, r) => sum + r.requests, 0),
    p50: mean(list, "p50"),
    p99: mean(list, "p99"),
    errors: list.reduce((sum, r) => sum + r.errors, 0),
    lost: list.reduce((sum, r) => sum + r.lost, 0),
    byKind: list[0].byKind,
    p99s: list.map((r) => r.p99),
  });
  const off = summary(runs.off);
  const on = summary(runs.on);
  return { n, rounds, off, on, ratio: off.p99 ? on.p99 / off.p99 : null, console: watchedConsole, runs };
}

/** Prints the side-by-side figures and the two targets of issue #17. */
export function reportIntegrity(run) {
  const line = (name, r) =>
    `  ${name}: ${r.requests} exam requests, p50 ${r.p50} ms, p99 ${r.p99} ms${r.p99s.length > 1 ? ` (mean of ${r.p99s.join(", ")})` : ""}; errors ${r.errors}; lost saves ${r.lost}`;
  console.log(line("events off", run.off));
  console.log(line("events on ", run.on));
  const events = run.on.byKind.event;
  if (events)
    console.log(
      `  integrity events (first run with them): ${events.requests} sent, p50 ${events.p50} ms, p99 ${events.p99} ms`,
    );
  const ratio = run.ratio ?? Number.POSITIVE_INFINITY;
  const clean = [run.off, run.on].every((r) => r.errors === 0 && r.lost === 0);
  console.log(
    `integrity target: p99 with events within 10 % of without — ${run.on.p99} / ${run.off.p99} ms = ${ratio.toFixed(2)} → ${ratio <= 1.1 && clean ? "met" : "NOT met"}`,
  );
  const samples = run.console?.samples ?? [];
  const worst = Math.max(...samples.map((s) => s.ms));
  console.log(
    `  console (${run.console?.candidates ?? 0} candidates): ${samples.map((s) => `${s.kind} ${s.ms} ms`).join(", ")}${run.console?.error ? ` — failed: ${run.console.error}` : ""}`,
  );
  console.log(
    `console target: a change shows within 2 s in a ${run.n}-candidate session — slowest ${worst} ms → ${samples.length && worst <= 2000 ? "met" : "NOT met"}${run.n < 500 ? ` (measured with N=${run.n})` : ""}`,
  );
}
