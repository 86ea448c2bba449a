// The authoring scenario of `npm run bench` (issue 11): a bank of 10,000 questions, the editor's search page
// (text and filters) p50, and a 2,000-question CSV through the import page's real dry run and commit, as a
// browser without JavaScript would post it. Targets: search p50 ≤ 100 ms; dry run + commit ≤ 10 s.
import { createHash, randomBytes } from "node:crypto";
import postgres from "postgres";
import { percentile } from "./app-process.mjs";

const EDITOR_EMAIL = "editor@demo.tm-academy.cn";
const STEM_TOPICS = [
  "技术合同的认定登记",
  "科技成果转化收益分配",
  "专利许可的定价方法",
  "概念验证的组织方式",
  "技术经纪人的执业规范",
];

const token = () => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return Array.from(randomBytes(24), (b) => alphabet[b & 31]).join("");
};

/** A session for the demo content editor written straight to the database (as bench/import.mjs does for staff). */
async function editorSession(sql) {
  const [editor] = await sql`select id from users where email = ${EDITOR_EMAIL}`;
  if (!editor) throw new Error("the demo data is missing: start the app with SEED_DEMO=true");
  const id = token();
  const secret = token();
  await sql`insert into sessions ${sql({ id, user_id: editor.id, secret_hash: createHash("sha256").update(secret).digest() }, "id", "user_id", "secret_hash")}`;
  return `tma_session=${id}.${secret}`;
}

/**
 * Fills the bank up to `total` questions with published ones written in SQL (one statement): spread over every
 * topic, the single, multiple and true/false questions of the demo as templates with a stem of their own,
 * one in 25 retired. What the search reads is what the app writes: a question and its current version.
 */
async function fillBank(sql, total, runId) {
  const [{ n: present }] = await sql`select count(*)::int as n from questions`;
  const add = Math.max(0, total - present);
  if (add === 0) return { present, added: 0 };
  await sql`
    with t as (
      select level_slug, topic, module, (row_number() over (order by level_slug, topic))::int - 1 as i,
             (count(*) over ())::int as n
      from question_topics where retired_at is null
    ),
    tmpl as (
      select (row_number() over (order by type))::int - 1 as k, (count(*) over ())::int as m, type, difficulty,
             points_tenths, content, key
      from (
        select distinct on (qv.type) qv.type, qv.difficulty, qv.points_tenths, qv.content, qv.key
        from question_versions qv join questions q on q.id = qv.question_id and qv.version = q.current_version
        where qv.type in ('single', 'multiple', 'true_false') and qv.content ? 'stem'
        order by qv.type, q.external_id
      ) d
    ),
    ins as (
      insert into questions (level_slug, topic, external_id, module, current_version, retired_at)
      select t.level_slug, t.topic, 'bench-' || ${runId} || '-' || g, t.module, 1,
             case when g % 25 = 0 then now() end
      from generate_series(0, ${add - 1}::int) g join t on t.i = g % t.n
      returning id, external_id
    )
    insert into question_versions (question_id, version, type, difficulty, points_tenths, content, key, content_hash, origin)
    select ins.id, 1, tmpl.type, tmpl.difficulty, tmpl.points_tenths,
           jsonb_set(tmpl.content, '{stem}', to_jsonb('压测题库第' || x.g || '题：关于' || (${sql.array(STEM_TOPICS)}::text[])[x.g % 5 + 1] || '，下列说法正确的是？')),
           tmpl.key, md5(ins.id::text) || md5(ins.external_id), 'app'
    from ins
    cross join lateral (select substring(ins.external_id from '[0-9]+$')::int as g) x
    join tmpl on tmpl.k = x.g % tmpl.m`;
  const [{ n }] = await sql`select count(*)::int as n from questions`;
  return { present, added: n - present };
}

/** N new single-choice questions in the import template (UTF-8 with BOM), spread over the bank's topics. */
function questionCsv(n, runId, topics) {
  const lines = [
    "等级,专题,题目编号,题型,难度,分值,题干,选项A,选项B,选项C,选项D,选项E,选项F,选项G,选项H,答案,解析,评分要点,案例小题",
  ];
  for (let i = 0; i < n; i++) {
    const { level_slug: level, topic } = topics[i % topics.length];
    const subject = STEM_TOPICS[i % STEM_TOPICS.length];
    lines.push(
      `${level},${topic},imp-${runId}-${i},单选题,${(i % 5) + 1},1,导入压测第${i}题：${subject}应当首先做什么？,核对权属,直接签约,口头约定,无需处理,,,,,A,先核对权属（第${i}题）。,,`,
    );
  }
  return Buffer.from("\uFEFF" + lines.join("\r\n") + "\r\n");
}

async function timedPost(url, headers, form) {
  const started = performance.now();
  const res = await fetch(url, { method: "POST", headers, body: form, redirect: "manual" });
  const html = await res.text();
  return { status: res.status, html, ms: Math.round(performance.now() - started) };
}

/** p50 and p99 of `samples` sequential GETs after `warm` unmeasured ones (one editor at a time, as people search). */
async function timedGets(url, cookie, { warm = 3, samples = 30 } = {}) {
  const times = [];
  for (let i = 0; i < warm + samples; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
    const html = await res.text();
    if (res.status !== 200 || !html.includes("题库")) throw new Error(`search ${url}: ${res.status}`);
    if (i >= warm) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: Math.round(percentile(times, 50)), p99: Math.round(percentile(times, 99)) };
}

/**
 * The bank filled to `bank` questions, then the import of `importRows` new ones (dry run + commit, as drafts),
 * then the search page over a few queries with those drafts waiting.
 */
export async function runAuthoringScenario({ base, dbUrl, bank = 10_000, importRows = 2_000, samples = 30 }) {
  const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
  try {
    const cookie = await editorSession(sql);
    const runId = Date.now().toString(36);
    const filled = await fillBank(sql, bank, runId);
    await sql`analyze questions`;
    await sql`analyze question_versions`;

    const topics =
      await sql`select level_slug, topic from question_topics where retired_at is null order by level_slug, topic`;
    const csv = questionCsv(importRows, runId, topics);
    const url = `${base}/manage/content/questions/import`;
    const headers = { cookie, Origin: base };
    const check = new FormData();
    check.set("intent", "check");
    check.set("file", new Blob([csv], { type: "text/csv" }), "题库导入.csv");
    const dryRun = await timedPost(url, headers, check);
    if (dryRun.status !== 200 || !dryRun.html.includes("导入为草稿"))
      throw new Error(`dry run failed: ${dryRun.status}`);
    const commit = new FormData();
    commit.set("intent", "commit");
    commit.set("fileName", "题库导入.csv");
    commit.set("fileBase64", csv.toString("base64"));
    const committed = await timedPost(url, headers, commit);
    if (committed.status !== 200 || !committed.html.includes(`新建 ${importRows} 题`))
      throw new Error(`commit failed: ${committed.status}`);
    const [{ drafts }] =
      await sql`select count(*)::int as drafts from content_changes where kind = 'question' and status = 'draft' and target_label like ${`%/imp-${runId}-%`}`;

    const [{ questions }] = await sql`select count(*)::int as questions from questions`;
    const [some] = topics;
    const q = (params) => `${base}/manage/content/questions?${new URLSearchParams(params)}`;
    const queries = [
      ["the first page, no filter", q({})],
      ["text in many stems (技术合同)", q({ text: "技术合同" })],
      ["text in one stem (压测题库第4242题)", q({ text: "压测题库第4242题" })],
      ["an id (bench-…-77)", q({ text: `bench-${runId}-77` })],
      ["level + type", q({ level: "junior", type: "single" })],
      [
        `level + topic + active (${some.level_slug}/${some.topic})`,
        q({ level: some.level_slug, topic: some.topic, status: "active" }),
      ],
      ["with an open change (the imported drafts)", q({ status: "pending" })],
      ["text + level + type + active", q({ text: "专利", level: "intermediate", type: "multiple", status: "active" })],
      ["page 40, no filter", q({ page: "40" })],
    ];
    const searches = [];
    for (const [name, address] of queries)
      searches.push({ query: name, ...(await timedGets(address, cookie, { samples })) });
    return {
      bank: questions,
      added: filled.added,
      importRows,
      dryRunMs: dryRun.ms,
      commitMs: committed.ms,
      totalMs: dryRun.ms + committed.ms,
      drafts,
      csvBytes: csv.length,
      searches,
    };
  } finally {
    await sql.end();
  }
}

export function reportAuthoring(run) {
  console.log(
    `  bank ${run.bank} questions (${run.added} written for the bench); import of ${run.importRows}: dry run ${run.dryRunMs} ms + commit ${run.commitMs} ms = ${run.totalMs} ms, ${run.drafts} drafts`,
  );
  console.table(run.searches);
  const worst = Math.max(...run.searches.map((s) => s.p50));
  console.log(
    `authoring targets: editor search p50 ≤ 100 ms with 10,000 questions — worst query ${worst} ms → ${worst <= 100 && run.bank >= 10_000 ? "met" : run.bank >= 10_000 ? "NOT met" : `measured with ${run.bank}`}; ` +
      `import of 2,000 (dry run + commit) ≤ 10 s — ${(run.totalMs / 1000).toFixed(1)} s → ${run.importRows === 2000 ? (run.totalMs <= 10_000 && run.drafts === 2000 ? "met" : "NOT met") : `measured with ${run.importRows}`}`,
  );
}
