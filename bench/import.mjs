// The bulk-enrolment scenario of `npm run bench`: the Taiyuan demo staff check, then import, a CSV of
// 5,000 new trainees through the import page, as a browser without JavaScript would post it. Measures the
// wall time of each POST and then counts in the database what the import wrote.
import { createHash, randomBytes } from "node:crypto";
import postgres from "postgres";

const STAFF_EMAIL = "staff.taiyuan@demo.tm-academy.cn";
const CENTER_NAME = "太原技术转移促进中心";

const token = () => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return Array.from(randomBytes(24), (b) => alphabet[b & 31]).join("");
};

/** A session for the demo staff written straight to the database (as bench/exam.mjs does for trainees). */
async function staffSession(sql) {
  const [staff] = await sql`select id from users where email = ${STAFF_EMAIL}`;
  const [center] = await sql`select id from organizations where name_zh = ${CENTER_NAME} and kind = 'training_center'`;
  if (!staff || !center) throw new Error("the demo data is missing: start the app with SEED_DEMO=true");
  const id = token();
  const secret = token();
  await sql`insert into sessions ${sql({ id, user_id: staff.id, secret_hash: createHash("sha256").update(secret).digest() }, "id", "user_id", "secret_hash")}`;
  return { cookie: `tma_session=${id}.${secret}`, centerId: center.id };
}

/** N people who exist nowhere yet: unique e-mail addresses and mobile numbers per run. */
function traineeCsv(n, runId, runNumber) {
  const lines = ["姓名,手机号,邮箱,工作单位,职务"];
  for (let i = 0; i < n; i++) {
    // 15 + four digits of the run + five of the row: eleven digits, a valid mainland number.
    const mobile = `15${String(runNumber).padStart(4, "0")}${String(i).padStart(5, "0")}`;
    lines.push(`压测学员${i},${mobile},bench-import-${runId}-${i}@example.cn,太原理工大学技术转移中心,技术经理人`);
  }
  return Buffer.from("\uFEFF" + lines.join("\r\n") + "\r\n");
}

async function timedPost(url, headers, form) {
  const started = performance.now();
  const res = await fetch(url, { method: "POST", headers, body: form, redirect: "manual" });
  const html = await res.text();
  return { status: res.status, html, ms: Math.round(performance.now() - started) };
}

/** One run: the dry run, then the commit re-posting the same bytes, as the page does. */
export async function runImportScenario({ base, dbUrl, rows = 5000 }) {
  const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
  try {
    const { cookie, centerId } = await staffSession(sql);
    const runId = Date.now().toString(36);
    const csv = traineeCsv(rows, runId, Date.now() % 10000);
    const url = `${base}/manage/organizations/${centerId}/import`;
    const headers = { cookie, Origin: base };

    const check = new FormData();
    check.set("intent", "check");
    check.set("cohortId", "");
    check.set("file", new Blob([csv], { type: "text/csv" }), "学员名单.csv");
    const dryRun = await timedPost(url, headers, check);
    if (dryRun.status !== 200 || !dryRun.html.includes("确认导入")) throw new Error(`dry run failed: ${dryRun.status}`);

    const commit = new FormData();
    commit.set("intent", "commit");
    // Staff confirm the trainees were informed of the privacy notice (docs/privacy.md).
    commit.set("consent", "on");
    commit.set("cohortId", "");
    commit.set("fileName", "学员名单.csv");
    commit.set("fileBase64", csv.toString("base64"));
    const committed = await timedPost(url, headers, commit);
    if (committed.status !== 200 || !committed.html.includes("导入完成"))
      throw new Error(`commit failed: ${committed.status}`);

    const [{ created }] =
      await sql`select count(*)::int as created from users where email like ${`bench-import-${runId}-%`}`;
    const [{ invitations }] =
      await sql`select count(*)::int as invitations from email_outbox where "to" like ${`bench-import-${runId}-%`}`;
    return {
      rows,
      dryRunMs: dryRun.ms,
      commitMs: committed.ms,
      totalMs: dryRun.ms + committed.ms,
      created,
      invitations,
      csvBytes: csv.length,
      // For the scenarios that measure the center at this size next (the run id is in the e-mail addresses).
      runId,
      cookie,
      centerId,
    };
  } finally {
    await sql.end();
  }
}
