// The exam scenario of `npm run bench`: N trainees start the junior exam within 60 s, open it, save an
// answer every 15 s each, and submit. Afterwards every acknowledged save is compared with the database.
import { createHash, randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import postgres from "postgres";
import { Agent, request } from "undici";
import { percentile } from "./app-process.mjs";

const RAMP_MS = 60_000;
const SAVE_EVERY_MS = 15_000;

/**
 * The load generator's HTTP client. The candidates' browsers are elsewhere in real life; here they share the two
 * cores with the app and its database, so they should cost as little as possible: undici's `request` costs about
 * a quarter of the CPU of `fetch` per request (measured: 0.06 against 0.26 ms for a small POST). It asks for gzip
 * as a browser does, so the app compresses as it would, and it decodes only the small JSON it reads.
 */
const agent = new Agent({ keepAliveTimeout: 60_000 });

async function send(url, { method = "GET", headers = {}, body } = {}) {
  const res = await request(url, {
    method,
    headers: { "accept-encoding": "gzip", ...headers },
    body,
    dispatcher: agent,
  });
  const header = (name) => {
    const value = res.headers[name];
    return Array.isArray(value) ? value : value === undefined ? [] : [value];
  };
  return {
    status: res.statusCode,
    location: header("location")[0] ?? "",
    cookies: header("set-cookie"),
    /** Reads the whole body without decoding it (what a page load costs the client is not the app's). */
    drain: () => res.body.dump({ limit: 1 << 30 }),
    async json() {
      const bytes = Buffer.from(await res.body.arrayBuffer());
      return JSON.parse((header("content-encoding")[0] === "gzip" ? gunzipSync(bytes) : bytes).toString("utf8"));
    },
  };
}

const token = () => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return Array.from(randomBytes(24), (b) => alphabet[b & 31]).join("");
};

/** N trainees who have finished the junior study, each with a session, written straight to the database. */
export async function seedTrainees(sql, n, runId) {
  const [junior] = await sql`select config from levels where slug = 'junior'`;
  const lessons = await sql`
    select l.id, c.id as course_id, v.minutes from lessons l
    join courses c on c.id = l.course_id
    join lesson_versions v on v.lesson_id = l.id and v.version = l.current_version
    where c.slug in ${sql(junior.config.requiredCourses)} and l.retired_at is null`;
  const courseIds = [...new Set(lessons.map((l) => l.course_id))];
  // Starting needs an open exam session: one for all of this run's trainees, at any training center.
  const [center] = await sql`select id from organizations where kind = 'training_center' limit 1`;
  const [examSession] = await sql`
    insert into exam_sessions (center_id, level_slug, name, opens_at, closes_at)
    values (${center.id}, 'junior', ${`bench ${runId}`}, now() - interval '1 hour', now() + interval '1 day')
    returning id`;
  // Signed-in pages ask for consent to the current privacy notice first: the bench's trainees have given it
  // (the version the demo accounts agreed to). Older checkouts compared by bench/exam-start-cost.mjs have none.
  const [{ consents }] = await sql`select to_regclass('privacy_consents') is not null as consents`;
  const privacyVersion = consents
    ? (await sql`select version from privacy_consents order by created_at desc limit 1`)[0].version
    : null;
  const trainees = [];
  for (let start = 0; start < n; start += 500) {
    const batch = Array.from({ length: Math.min(500, n - start) }, (_, i) => ({
      email: `bench-${runId}-${start + i}@example.cn`,
      name: `压测学员${start + i}`,
    }));
    const users = await sql`insert into users ${sql(batch, "email", "name")} returning id`;
    await sql`insert into memberships ${sql(
      users.map((u) => ({ user_id: u.id, role: "trainee" })),
      "user_id",
      "role",
    )}`;
    if (consents)
      await sql`insert into privacy_consents ${sql(
        users.map((u) => ({ user_id: u.id, version: privacyVersion, source: "import" })),
        "user_id",
        "version",
        "source",
      )}`;
    await sql`insert into enrolments ${sql(
      users.flatMap((u) => courseIds.map((c) => ({ user_id: u.id, course_id: c }))),
      "user_id",
      "course_id",
    )}`;
    const progress = users.flatMap((u) =>
      lessons.map((l) => ({ user_id: u.id, lesson_id: l.id, seconds_spent: l.minutes * 60, completed_at: new Date() })),
    );
    for (let p = 0; p < progress.length; p += 5000)
      await sql`insert into lesson_progress ${sql(progress.slice(p, p + 5000), "user_id", "lesson_id", "seconds_spent", "completed_at")}`;
    const sessions = users.map((u) => {
      const id = token();
      const secret = token();
      trainees.push({ userId: u.id, cookie: `tma_session=${id}.${secret}` });
      return { id, user_id: u.id, secret_hash: createHash("sha256").update(secret).digest() };
    });
    await sql`insert into sessions ${sql(sessions, "id", "user_id", "secret_hash")}`;
    const candidates = users.map((u) => ({ session_id: examSession.id, user_id: u.id }));
    await sql`insert into exam_session_candidates ${sql(candidates, "session_id", "user_id")}`;
  }
  return trainees;
}

/**
 * One run with N trainees; returns latencies, errors and lost answers. `eventsEveryMs`: each trainee also sends
 * one integrity event per period through the exam page's endpoint (bench/integrity.mjs); `spare` more trainees
 * are seeded in the same session without sitting, and `onSeeded({ sql, runId, spare })` runs beside the load
 * (the scenario waits for it).
 */
export async function runExamScenario({ base, dbUrl, n, saves = 4, eventsEveryMs = 0, spare = 0, onSeeded }) {
  const sql = postgres(dbUrl, { max: 4, onnotice: () => {} });
  const runId = Date.now().toString(36);
  const seeded = await seedTrainees(sql, n + spare, runId);
  // A production database has statistics for its tables (autovacuum's ANALYZE); this machine's PostgreSQL runs without
  // autovacuum, and the rows just written would otherwise meet the exam with none. Its writes are let settle too.
  await sql`analyze`;
  await sql`checkpoint`.catch(() => {});
  const trainees = seeded.slice(0, n);
  const beside = onSeeded ? onSeeded({ sql, runId, spare: seeded.slice(n) }) : null;
  const latencies = { start: [], page: [], save: [], submit: [], ...(eventsEveryMs ? { event: [] } : {}) };
  let errors = 0;
  const acknowledged = [];

  // When each request began (s into the run) and how long it took: where in the run the slow ones are.
  const timeline = [];
  let began = 0;
  const timed = async (kind, fn) => {
    const t = performance.now();
    const note = () => {
      const ms = performance.now() - t;
      latencies[kind].push(ms);
      if (kind !== "event") timeline.push([(t - began) / 1000, ms]);
    };
    try {
      const res = await fn();
      note();
      return res;
    } catch {
      errors++;
      note();
      return null;
    }
  };
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  const sit = async (trainee, index) => {
    await sleep((index / n) * RAMP_MS);
    const headers = { cookie: trainee.cookie, Origin: base };
    let device = "";
    const started = await timed("start", async () => {
      // The briefing's confirm button starts the clock.
      const res = await send(`${base}/exams/briefing/junior`, {
        method: "POST",
        headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
        body: "intent=start",
      });
      const location = res.location;
      // The attempt is bound to this browser's device cookie: the page, saves and the hand-in carry it.
      device = res.cookies.find((c) => c.startsWith("tma_exam_device=")) ?? "";
      await res.drain();
      if (res.status !== 302 || !location.includes("/exams/attempts/")) throw new Error(`start ${res.status}`);
      return location.split("/").pop();
    });
    if (!started) return;
    if (device) headers.cookie = `${trainee.cookie}; ${device.split(";")[0]}`;
    await timed("page", async () => {
      const res = await send(`${base}/exams/attempts/${started}`, { headers });
      await res.drain();
      if (res.status !== 200) throw new Error(`page ${res.status}`);
    });
    // Integrity events on: one per period, as the exam page sends them, until the trainee hands in.
    const stop = { done: false, wake: () => {} };
    const eventLoop = eventsEveryMs
      ? (async () => {
          let wait = Math.random() * eventsEveryMs;
          for (let seq = 1; ; seq++) {
            await new Promise((resolve) => {
              const timer = setTimeout(resolve, wait);
              stop.wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            if (stop.done) return;
            wait = eventsEveryMs;
            await timed("event", async () => {
              const res = await send(`${base}/exams/attempts/${started}/events`, {
                method: "POST",
                headers: { ...headers, "Content-Type": "application/json" },
                body: JSON.stringify({ events: [{ seq, kind: "page_hidden", at: new Date().toISOString() }] }),
              });
              const body = await res.json();
              if (res.status !== 200 || !body.ok) throw new Error(`event ${res.status}`);
            });
          }
        })()
      : null;
    for (let k = 0; k < saves; k++) {
      await sleep(SAVE_EVERY_MS * (0.9 + Math.random() * 0.2));
      // The first 25 items are the single-choice section: any of 4 options is a valid answer.
      const save = { item: k, part: 0, response: Math.floor(Math.random() * 4), seq: 1 };
      const ok = await timed("save", async () => {
        const res = await send(`${base}/exams/attempts/${started}/save`, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/json" },
          body: JSON.stringify(save),
        });
        const body = await res.json();
        if (res.status !== 200 || !body.ok) throw new Error(`save ${res.status}`);
        return true;
      });
      if (ok) acknowledged.push({ attemptId: started, ...save });
    }
    stop.done = true;
    stop.wake();
    await eventLoop;
    await timed("submit", async () => {
      const res = await send(`${base}/exams/attempts/${started}`, {
        method: "POST",
        headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
        body: "intent=submit",
      });
      await res.drain();
      if (res.status !== 302) throw new Error(`submit ${res.status}`);
    });
  };

  began = performance.now();
  await Promise.all(trainees.map((t, i) => sit(t, i)));
  const seconds = (performance.now() - began) / 1000;
  const besideResult = await beside;

  // Every acknowledged answer must be in the database as it was sent.
  let lost = 0;
  for (let i = 0; i < acknowledged.length; i += 1000) {
    const chunk = acknowledged.slice(i, i + 1000);
    const rows = await sql`
      select attempt_id, item, response from attempt_answers
      where attempt_id in ${sql([...new Set(chunk.map((a) => a.attemptId))])}`;
    const stored = new Map(rows.map((r) => [`${r.attempt_id}:${r.item}`, r.response?.value]));
    for (const a of chunk) if (stored.get(`${a.attemptId}:${a.item}`) !== a.response) lost++;
  }
  await sql.end();
  // The scenario's figures are the exam's own requests; integrity events are reported under byKind.
  const all = Object.entries(latencies)
    .filter(([kind]) => kind !== "event")
    .flatMap(([, list]) => list)
    .sort((a, b) => a - b);
  const summary = Object.fromEntries(
    Object.entries(latencies).map(([kind, list]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return [
        kind,
        { requests: sorted.length, p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)) },
      ];
    }),
  );
  return {
    n,
    seconds: Math.round(seconds),
    requests: all.length,
    p50: Math.round(percentile(all, 50)),
    p99: Math.round(percentile(all, 99)),
    errors,
    acknowledged: acknowledged.length,
    lost,
    byKind: summary,
    // The first 10 s, each second: "requests:p50/p99" (a cold start shows here).
    firstSeconds: Array.from({ length: 10 }, (_, w) => {
      const list = timeline
        .filter(([at]) => at >= w && at < w + 1)
        .map(([, ms]) => ms)
        .sort((a, b) => a - b);
      return `${list.length}:${Math.round(percentile(list, 50))}/${Math.round(percentile(list, 99))}`;
    }),
    // p99 (ms) of the requests begun in each 10 s of the run.
    p99By10s: Array.from({ length: Math.ceil(seconds / 10) }, (_, w) =>
      Math.round(
        percentile(
          timeline
            .filter(([at]) => at >= w * 10 && at < (w + 1) * 10)
            .map(([, ms]) => ms)
            .sort((a, b) => a - b),
          99,
        ),
      ),
    ),
    beside: besideResult,
  };
}
