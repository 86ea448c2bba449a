// Certificate figures for `npm run bench`: the median time to render one signed PDF (warm, in a render worker
// of the production build) with and without the center's branding, and the wall time of a cohort's ZIP of N
// certificates through the app's routes: cold (every PDF rendered: by the certificate-pdfs job for a large
// cohort) and from the kept PDFs.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { PNG } from "pngjs";
import postgres from "postgres";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const code = () => Array.from(randomBytes(10), (b) => CROCKFORD[b & 31]).join("");

/**
 * A PDF signing key and its self-signed certificate (RSA-2048 and SHA-256, as the demo's), for the app's
 * PDF_SIGNING_KEY and PDF_SIGNING_CERTIFICATE, so the bench signs with the same pair as the app.
 */
export function freshPdfSigningMaterial() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tma-bench-pdf-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-sha256",
        "-nodes",
        "-days",
        "30",
        "-subj",
        "/C=CN/O=TM Academy/CN=TM Academy bench",
        "-addext",
        "keyUsage=critical,digitalSignature,nonRepudiation",
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "certificate.pem"),
      ],
      { stdio: "ignore" },
    );
    return {
      keyPem: readFileSync(path.join(dir, "key.pem"), "utf8"),
      certificatesPem: readFileSync(path.join(dir, "certificate.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A PNG of width × height drawn by `paint` (RGBA; alpha 0 is transparent). */
function drawPng(width, height, paint) {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) png.data.set(paint(x, y), (y * width + x) * 4);
  return PNG.sync.write(png);
}

/**
 * Brand images as staff upload them, at their printed size (the app scales larger uploads down to it once):
 * a red seal on transparency with a ring and a translucent band, a logo, a signature stroke on transparency.
 */
function brandImages() {
  const seal = (size) => {
    const c = size / 2;
    return drawPng(size, size, (x, y) => {
      const d = Math.hypot(x - c, y - c);
      if (d > c - 2) return [0, 0, 0, 0];
      if (d > c - 24 || d < c * 0.3) return [220, 20, 30, 255];
      // A star-like texture, so the image compresses as a real seal does rather than as a flat disc.
      return [220, 20, 30, (x * 7 + y * 13) % 5 === 0 ? 255 : 70];
    });
  };
  return {
    seal: seal(450),
    bodySeal: seal(440),
    logo: drawPng(500, 220, (x, y) =>
      Math.hypot(x - 110, y - 110) < 100 || (x > 240 && y > 80 && y < 140) ? [27, 47, 94, 255] : [0, 0, 0, 0],
    ),
    signature: drawPng(400, 120, (x, y) =>
      Math.abs(y - 60 - 30 * Math.sin(x / 19)) < 4 ? [20, 20, 40, 255] : [0, 0, 0, 0],
    ),
  };
}

/**
 * Uploads brand images through the branding page, as staff do, and publishes them: the logo, seal, signature and
 * signatory of the demo Taiyuan center (its staff), the certification body's seal (the platform admin). Every
 * certificate of that center carries them from then on, in the PDF figures and the cohort ZIP below.
 */
export async function brandDemoCenter({ base, dbUrl, staffCookie, adminCookie }) {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const [center] =
    await sql`select center_id as id from certificates where center_id is not null order by issued_at limit 1`;
  const [body] = await sql`select id from organizations where kind = 'certification_body' limit 1`;
  // Signed-in pages ask for consent to the current privacy notice first (as in bench/integrity.mjs).
  const [{ version }] = await sql`select version from privacy_consents order by created_at desc limit 1`;
  await sql`insert into privacy_consents (user_id, version, source)
    select id, ${version}, 'import' from users
    where email in ('staff.taiyuan@demo.tm-academy.cn', 'admin@demo.tm-academy.cn')`;
  await sql.end();
  const images = brandImages();
  const post = async (organizationId, cookie, fields) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields))
      if (typeof value === "string") form.set(name, value);
      else form.set(name, new Blob([value], { type: "image/png" }), `${name}.png`);
    const res = await fetch(`${base}/manage/organizations/${organizationId}/certificate-branding`, {
      method: "POST",
      headers: { cookie, origin: base },
      body: form,
      redirect: "manual",
    });
    // The page answers a saved form with its own page again (200) or a redirect to it; anything else is a refusal.
    const location = res.headers.get("location") ?? "";
    if (res.status !== 200 && !(res.status === 302 && location.includes("certificate-branding")))
      throw new Error(`branding ${fields.intent}: ${res.status} ${location}`);
  };
  await post(center.id, staffCookie, {
    intent: "save",
    signatoryName: "王建国",
    logo: images.logo,
    seal: images.seal,
    signature: images.signature,
  });
  await post(center.id, staffCookie, { intent: "publish" });
  await post(body.id, adminCookie, { intent: "save", seal: images.bodySeal });
  await post(body.id, adminCookie, { intent: "publish" });
  return { centerId: center.id, bodyId: body.id };
}

/** What the app hands a render worker for a center's certificate: its published branding and the body's seal. */
async function publishedBranding(sql, centerId, bodyId) {
  const rows =
    await sql`select organization_id, logo, logo_type, seal, seal_type, signature, signature_type, signatory_name
    from certificate_brandings where state = 'published' and organization_id in (${centerId}, ${bodyId})`;
  const center = rows.find((r) => r.organization_id === centerId);
  const body = rows.find((r) => r.organization_id === bodyId);
  const image = (row, slot) => (row?.[slot] ? { data: new Uint8Array(row[slot]), type: row[`${slot}_type`] } : null);
  return {
    logo: image(center, "logo"),
    seal: image(center, "seal"),
    signature: image(center, "signature"),
    signatoryName: center?.signatory_name ?? null,
    bodySeal: image(body, "seal"),
    holderFields: { photo: false, idNumber: false },
  };
}

/**
 * Median render time of one signed certificate PDF in a worker, after a warm-up (fonts parsed once): plain (no
 * branding) and branded (the center's logo, seal, signature and the body's seal), rendered in turn so both see
 * the same machine. The branded median is the one judged against the target.
 */
export async function measurePdfRender({ dbUrl, material, branded, renders = 30 }) {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const [row] = await sql`select record from certificates order by issued_at limit 1`;
  const branding = branded ? await publishedBranding(sql, branded.centerId, branded.bodyId) : undefined;
  await sql.end();
  const signature = {
    material,
    name: "TM Academy",
    reason: `Certificate ${row.record.serial} issued by TM Academy`,
    location: "CN",
  };
  const worker = new Worker(path.resolve("build/pdf-worker.js"));
  let id = 0;
  const render = (options) =>
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
        options: { verifyUrl: `https://example.cn/verify/${row.record.code}`, signature, ...options },
      });
    });
  const kinds = { plain: {}, ...(branding ? { branded: { branding } } : {}) };
  const result = {};
  for (const [kind, options] of Object.entries(kinds)) {
    const first = performance.now();
    await render(options);
    result[kind] = { coldMs: Math.round(performance.now() - first), times: [], bytes: 0 };
  }
  for (let i = 0; i < renders; i++)
    for (const [kind, options] of Object.entries(kinds)) {
      const t = performance.now();
      result[kind].bytes = await render(options);
      result[kind].times.push(performance.now() - t);
    }
  await worker.terminate();
  for (const r of Object.values(result)) {
    r.times.sort((a, b) => a - b);
    r.medianMs = Math.round(r.times[Math.floor(r.times.length / 2)] * 10) / 10;
    delete r.times;
  }
  return result;
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
  // Where the cold seconds go: the request until the job claims the run, the rendering, the download.
  const phases = {};
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
    const asked = performance.now();
    let claimed;
    for (;;) {
      const [run] =
        await sql`select state, claimed_until is not null or state <> 'running' as claimed from certificate_zip_runs where cohort_id = ${cohort.id}`;
      if (run?.claimed && claimed === undefined) claimed = performance.now();
      if (run?.state === "failed") throw new Error("the certificate-pdfs job failed");
      if (run?.state === "done") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    phases.requestSeconds = (asked - started) / 1000;
    phases.queuedSeconds = ((claimed ?? performance.now()) - asked) / 1000;
    phases.renderSeconds = (performance.now() - (claimed ?? asked)) / 1000;
  } else if (first.status !== 200) throw new Error(`cohort ZIP: ${first.status}`);
  const downloadStarted = performance.now();
  const cold = first.status === 200 ? null : await download();
  const coldSeconds = (performance.now() - started) / 1000;
  phases.downloadSeconds = (performance.now() - downloadStarted) / 1000;
  console.log(
    `cohort ZIP, cold: ${Object.entries(phases)
      .map(([phase, s]) => `${phase.replace("Seconds", "")} ${s.toFixed(2)} s`)
      .join(", ")}`,
  );
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
