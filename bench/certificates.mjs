// Certificate figures for `npm run bench`: the median time to render one PDF (warm, in a render worker
// of the production build), and the wall time of a cohort's ZIP of N certificates through the app's routes:
// cold (every PDF rendered: by the certificate-pdfs job for a large cohort) and from the kept PDFs.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { Worker } from "node:worker_threads";
import postgres from "postgres";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const code = () => Array.from(randomBytes(10), (b) => CROCKFORD[b & 31]).join("");

/** Median render time of one certificate PDF in a worker, after a warm-up (fonts parsed once). */
export async function measurePdfRender({ dbUrl, renders = 30 }) {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const [row] = await sql`select record from certificates order by issued_at limit 1`;
  await sql.end();
  const worker = new Worker(path.resolve("build/pdf-worker.js"));
  let id = 0;
  const render = () =>
    new Promise((resolve, reject) => {
      const mine = ++id;
      const onMessage = (m) => {
        if (m.id !== mine) return;
        worker.off("message", onMessage);
        if (m.error) reject(new Error(m.error));
        else resolve(m.pdf.byteLength);
      };
      worker.on("message", onMessage);
      worker.postMessage({
        id: mine,
        record: row.record,
        options: { verifyUrl: `https://example.cn/verify/${row.record.code}` },
      });
    });
  const first = performance.now();
  await render();
  const coldMs = performance.now() - first;
  const times = [];
  let bytes = 0;
  for (let i = 0; i < renders; i++) {
    const t = performance.now();
    bytes = await render();
    times.push(performance.now() - t);
  }
  await worker.terminate();
  times.sort((a, b) => a - b);
  return { coldMs: Math.round(coldMs), medianMs: Math.round(times[Math.floor(times.length / 2)] * 10) / 10, bytes };
}

/**
 * A cohort of N trainees at the demo Taiyuan center, each with a certificate (records copied from the
 * demo holder's with their own name, serial and code: the ZIP renders records, it does not re-check
 * signatures), then its ZIP downloaded by the center's staff: cold, then again from the kept PDFs.
 */
export async function measureCohortZip({ base, dbUrl, staffCookie, n = 500 }) {
  const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
  const runId = Date.now().toString(36);
  const [template] =
    await sql`select record, kid, signature, center_id, level_slug from certificates where center_id is not null order by issued_at limit 1`;
  const [cohort] = await sql`
    insert into cohorts (center_id, level_slug, name, starts_on, ends_on, capacity)
    values (${template.center_id}, ${template.level_slug}, ${`压测班 ${runId}`}, '2026-01-01', '2026-06-30', ${n})
    returning id`;
  const people = Array.from({ length: n }, (_, i) => ({
    email: `zip-${runId}-${i}@example.cn`,
    name: `证书${String(i).padStart(4, "0")}号`,
  }));
  const users = await sql`insert into users ${sql(people, "email", "name")} returning id, name`;
  await sql`insert into memberships ${sql(
    users.map((u) => ({ user_id: u.id, role: "trainee", organization_id: template.center_id })),
    "user_id",
    "role",
    "organization_id",
  )}`;
  await sql`insert into cohort_members ${sql(
    users.map((u) => ({ cohort_id: cohort.id, user_id: u.id })),
    "cohort_id",
    "user_id",
  )}`;
  const certificates = users.map((u, i) => {
    const c = code();
    const serial = `TMA-2026-ZZ-J-${String(i + 1).padStart(5, "0")}${runId.slice(-3).toUpperCase()}`;
    return {
      user_id: u.id,
      level_slug: template.level_slug,
      center_id: template.center_id,
      serial,
      code: c,
      record: { ...template.record, holderName: u.name, serial, code: c },
      signature: template.signature,
      kid: template.kid,
      // Two days ago: older than the hour in which the certificate-pdfs job renders new certificates ahead, so
      // the cold figure is every PDF rendered for the ZIP.
      issued_at: new Date(Date.now() - 2 * 86_400_000),
      // A status list slot of its own, well above those the app hands out at random in a fresh database.
      status_list: 900 + Math.floor(i / 65_536),
      status_index: i % 65_536,
    };
  });
  await sql`insert into certificates ${sql(certificates, "user_id", "level_slug", "center_id", "serial", "code", "record", "signature", "kid", "issued_at", "status_list", "status_index")}`;
  const path = `${base}/manage/organizations/${template.center_id}/cohorts/${cohort.id}`;
  const download = async () => {
    const res = await fetch(`${path}/certificates.zip`, { headers: { cookie: staffCookie }, redirect: "manual" });
    if (res.status !== 200) throw new Error(`cohort ZIP: ${res.status}`);
    const zip = new Uint8Array(await res.arrayBuffer());
    // The end-of-central-directory record says how many entries the archive holds.
    const eocd = zip.length - 22;
    return { entries: zip[eocd + 10] | (zip[eocd + 11] << 8), bytes: zip.length };
  };
  const started = performance.now();
  // Cold: no PDF kept yet (the records were inserted, not issued, so no job rendered them ahead). A small cohort
  // downloads at once; a large one is prepared by the certificate-pdfs job first, as the page does.
  const first = await fetch(`${path}/certificates.zip`, { headers: { cookie: staffCookie }, redirect: "manual" });
  await first.arrayBuffer();
  if (first.status === 302) {
    const prepared = await fetch(`${path}/certificates`, {
      method: "POST",
      headers: { cookie: staffCookie, origin: base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "prepare" }),
      redirect: "manual",
    });
    if (prepared.status !== 302) throw new Error(`prepare the ZIP: ${prepared.status}`);
    for (;;) {
      const [run] = await sql`select state, done, total from certificate_zip_runs where cohort_id = ${cohort.id}`;
      if (run?.state === "failed") throw new Error("the certificate-pdfs job failed");
      if (run?.state === "done") break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } else if (first.status !== 200) throw new Error(`cohort ZIP: ${first.status}`);
  const cold = first.status === 200 ? null : await download();
  const coldSeconds = (performance.now() - started) / 1000;
  // Kept: every PDF stored, the ZIP streams them.
  const keptStarted = performance.now();
  const kept = await download();
  const keptSeconds = (performance.now() - keptStarted) / 1000;
  await sql.end();
  return {
    n,
    seconds: Math.round(coldSeconds * 10) / 10,
    keptSeconds: Math.round(keptSeconds * 10) / 10,
    entries: kept.entries,
    coldEntries: cold?.entries ?? kept.entries,
    megabytes: Math.round((kept.bytes / 1048576) * 10) / 10,
  };
}
