import { and, eq, getTableColumns, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { attemptAnswers, examAttempts } from "#db/schema";
import { preparedFor } from "#db/prepared";
import type { PartContent, QuestionContent } from "~/modules/content";
import { shownVersions } from "~/modules/content/index.server";
import { isAttemptId, ownAttempt, unwrap, wrap } from "./attempt-rows.server";
import { closeAttempt, type GradedAttempt } from "./close.server";
import { attemptStatusFor, recordIpChange, SEEN_EVERY_MS } from "./integrity.server";
import { shownQuestion } from "./shown";
import { notFound } from "~/utils/errors.server";

/**
 * The attempt as the candidate's page needs it: questions (no keys), saved answers with their sequence
 * numbers, and the deadline as an instant. An open attempt past its deadline is closed and graded here;
 * `graded` then says so, for the caller to run the certification workflow (null otherwise).
 */
export async function attemptForCandidate(db: DbOrTx, userId: string, attemptId: string, now = new Date()) {
  const { view, row } = await candidateView(db, userId, attemptId, now);
  const contentById = await shownVersions(
    db,
    row.items.map((i) => i.versionId),
  );
  const items = row.items.map((item, index) => ({
    index,
    section: item.section,
    content: shownQuestion(contentById.get(item.versionId)!, item.optionOrders),
  }));
  return { ...view, items };
}

// Each version's content as JSON text, made once per content object (shownVersions keeps them per process).
const contentJson = new WeakMap<QuestionContent, string>();
function jsonOf(content: QuestionContent) {
  let text = contentJson.get(content);
  if (text === undefined) contentJson.set(content, (text = JSON.stringify(content)));
  return text;
}

/**
 * The exam page in one call: the attempt's draw and option orders, its saved answers, and what attemptStatusFor
 * says about this browser (binding it when the attempt has no browser yet), reading the attempt once. The
 * questions' content is the same for every candidate: it goes as one JSON text (`questions`, item by item, options
 * in the versions' own order) joined from per-version text made once per process, and the page orders the options
 * with `shownQuestion` (docs/performance.md, session 8). A closed attempt, or another browser, gets no questions.
 */
export async function attemptPageFor(
  db: DbOrTx,
  input: { userId: string; attemptId: string; deviceHash: string | null; ip?: string; now?: Date },
) {
  const now = input.now ?? new Date();
  const { view, row } = await candidateView(db, input.userId, input.attemptId, now);
  const integrity = await attemptStatusFor(db, { ...input, now, attempt: row });
  rememberDraw(row.id, row.items);
  // Only the browser holding an open attempt is shown its questions (another is asked to continue there).
  const open = row.status === "open" && integrity.device.state === "bound";
  const contentById = open
    ? await shownVersions(
        db,
        row.items.map((i) => i.versionId),
      )
    : new Map<string, QuestionContent>();
  return {
    ...view,
    items: row.items.map((item, index) => ({ index, section: item.section, optionOrders: item.optionOrders })),
    questions: open ? `[${row.items.map((item) => jsonOf(contentById.get(item.versionId)!)).join(",")}]` : "[]",
    integrity,
  };
}

/** The person's attempt with its saved answers, in one statement; 404 when it is not theirs (as ownAttempt). */
async function attemptWithAnswers(db: DbOrTx, userId: string, attemptId: string) {
  if (!isAttemptId(attemptId)) throw notFound();
  const [attempt] = await attemptWithAnswersStatement(db).execute({ attemptId, userId });
  if (!attempt) throw notFound();
  return attempt;
}

async function candidateView(db: DbOrTx, userId: string, attemptId: string, now: Date) {
  let { answers, ...attempt } = await attemptWithAnswers(db, userId, attemptId);
  let graded: GradedAttempt | null = null;
  if (attempt.status === "open" && attempt.deadlineAt <= now) {
    graded = await closeAttempt(db, attemptId, "expired", now);
    ({ answers, ...attempt } = await attemptWithAnswers(db, userId, attemptId));
  }
  const view = {
    id: attempt.id,
    levelSlug: attempt.levelSlug,
    status: attempt.status,
    deadlineAt: attempt.deadlineAt.toISOString(),
    // A proctor ended it early: the reason they gave (docs/exam-integrity.md).
    endReason: attempt.endReason,
    flagged: attempt.flagged,
    answers: answers.map((a) => ({ item: a.item, part: a.part, response: unwrap(a.response), seq: a.seq })),
    // When answers and explanations become visible, if the policy shows them and the window is still open.
    reviewOpensAt: attempt.windowClosesAt && attempt.windowClosesAt > now ? attempt.windowClosesAt.toISOString() : null,
    result:
      attempt.status === "open"
        ? null
        : {
            scoreTenths: attempt.scoreTenths,
            maxTenths: attempt.maxTenths,
            passed: attempt.passed,
            pendingEssays: attempt.pendingEssays,
          },
    graded,
  };
  return { view, row: attempt };
}

// Read by every exam page: the attempt and its answers (in item and part order) in one statement, prepared once per
// database handle (docs/performance.md).
const attemptWithAnswersStatement = preparedFor((db) =>
  db
    .select({
      ...getTableColumns(examAttempts),
      answers: sql<{ item: number; part: number; response: unknown; seq: number }[]>`(
        select coalesce(json_agg(json_build_object('item', s.item, 'part', s.part, 'response', s.response, 'seq', s.seq)
          order by s.item, s.part), '[]'::json)
        from ${attemptAnswers} s where s.attempt_id = ${examAttempts.id})`,
    })
    .from(examAttempts)
    .where(and(eq(examAttempts.id, sql.placeholder("attemptId")), eq(examAttempts.userId, sql.placeholder("userId"))))
    .prepare("exam_attempt_with_answers"),
);

/** `graded`: this save found the attempt past its deadline and closed it (see attemptForCandidate). */
export type SaveResult =
  | { ok: true; seq: number }
  | { ok: false; reason: "closed"; graded?: GradedAttempt }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "device" };

function validResponse(part: PartContent | undefined, response: unknown): boolean {
  if (!part) return false;
  if (response === null) return true;
  switch (part.type) {
    case "single":
      return (
        typeof response === "number" && Number.isInteger(response) && response >= 0 && response < part.options.length
      );
    case "multiple":
      return (
        Array.isArray(response) &&
        response.every((r) => Number.isInteger(r) && r >= 0 && r < part.options.length) &&
        new Set(response).size === response.length
      );
    case "true_false":
      return typeof response === "boolean";
    case "fill_in":
      return typeof response === "string" && response.length <= 500;
    case "essay":
      return typeof response === "string" && response.length <= 20_000;
  }
}

// What a save needs of the attempt's draw, per process: each item's version, by item index (the draw never changes
// once started). The page and the first save of an attempt put it here; the save statement checks it against the
// stored draw, so a stale entry never validates against the wrong question. Bounded: the oldest go first.
const DRAW_CACHE_LIMIT = 20_000;
const drawCache = new Map<string, readonly string[]>();
// The same few thousand version ids across every candidate's draw: one string each, not one per attempt.
const versionIdText = new Map<string, string>();

function rememberDraw(attemptId: string, items: readonly { versionId: string }[]) {
  if (drawCache.size >= DRAW_CACHE_LIMIT) drawCache.delete(drawCache.keys().next().value!);
  if (versionIdText.size > 100_000) versionIdText.clear();
  drawCache.set(
    attemptId,
    items.map(({ versionId }) => {
      const known = versionIdText.get(versionId);
      if (known) return known;
      versionIdText.set(versionId, versionId);
      return versionId;
    }),
  );
}

const param = (name: string) => sql.placeholder(name);

/**
 * The whole save in one statement (the most frequent request of an exam day, a save every 15 s per candidate),
 * prepared once per database handle: it reads the person's attempt, and only when it is open, in time, held by this
 * browser and its draw has the version the response was checked against, notes "last seen" (as touchAttempt does)
 * and, for a valid response, upserts the answer when its seq is above the stored one. It answers with what the
 * checks found, so refusals read as before. Placeholders are not encoded by any column: each is cast.
 */
const saveStatement = preparedFor((db) => {
  const now = sql`${param("now")}::timestamptz`;
  const ip = sql`${param("ip")}::varchar`;
  const holds = sql`(${param("anyDevice")}::boolean or device_hash is null or device_hash = ${param("deviceHash")}::varchar)`;
  const item = sql`${param("item")}::int`;
  const part = sql`${param("part")}::int`;
  const a = db.$with("a", { id: sql<string>`id`.as("id") }).as(sql`
    select id, status, deadline_at, device_hash, last_ip, last_seen_at, level_slug, session_id,
      (case when ${item} >= 0 then items -> ${item} ->> 'versionId' end) is not distinct from ${param("versionId")}::text
        as draw_matches
    from exam_attempts
    where id = ${param("attemptId")}::uuid and user_id = ${param("userId")}::uuid`);
  const ok = db.$with("ok", {}).as(sql`
    select id, last_ip, last_seen_at from a where status = 'open' and deadline_at > ${now} and draw_matches and ${holds}`);
  // Data-modifying: each runs whether or not the answer reads it.
  const touched = db.$with("touched", {}).as(sql`
    update exam_attempts t
    set last_seen_at = ${now}, last_ip = coalesce(${ip}, t.last_ip)
    from ok
    where t.id = ok.id
      and (ok.last_seen_at is null or ok.last_seen_at <= ${now} - interval '${sql.raw(String(SEEN_EVERY_MS))} milliseconds'
        or (${ip} is not null and ok.last_ip is not null and ok.last_ip <> ${ip})
        or (ok.last_ip is null and ${param("ipGiven")}::boolean))
    returning t.id`);
  const saved = db.$with("saved", {}).as(sql`
    insert into attempt_answers (attempt_id, item, part, response, seq, saved_at)
    select ok.id, ${item}, ${part}, (${param("response")}::text)::jsonb, ${param("seq")}::int, ${now}
    from ok where ${param("valid")}::boolean
    on conflict (attempt_id, item, part) do update
      set response = excluded.response, seq = excluded.seq, saved_at = excluded.saved_at
      where attempt_answers.seq < excluded.seq
    returning seq`);
  return db
    .with(a, ok, touched, saved)
    .select({
      status: sql<string>`a.status`,
      inTime: sql<boolean>`a.deadline_at > ${now}`,
      holds: sql<boolean>`${holds}`,
      drawMatches: sql<boolean>`a.draw_matches`,
      prevIp: sql<string | null>`a.last_ip`,
      levelSlug: sql<string>`a.level_slug`,
      sessionId: sql<string | null>`a.session_id`,
      savedSeq: sql<number | null>`(select seq from saved)`,
      // The statement's snapshot: the stored answer as it was before this save, when this one was not newer.
      storedSeq: sql<
        number | null
      >`(select seq from attempt_answers s where s.attempt_id = a.id and s.item = ${item} and s.part = ${part})`,
    })
    .from(a)
    .prepare("save_attempt_answer");
});

/**
 * Saves one answer. Idempotent and ordered: a save whose sequence number is not above the stored one
 * changes nothing (a retry, or a stale save arriving late). After the deadline nothing is saved.
 * `deviceHash` (routes always pass it): a browser other than the one the attempt is bound to saves nothing
 * (docs/exam-integrity.md); `ip` notes a change of address. One statement when this process knows the draw
 * (the page put it there), two otherwise; acknowledged only once that statement has committed.
 */
export async function saveAnswer(
  db: DbOrTx,
  input: {
    userId: string;
    attemptId: string;
    item: number;
    part: number;
    response: unknown;
    seq: number;
    now?: Date;
    deviceHash?: string | null;
    ip?: string;
  },
): Promise<SaveResult> {
  const now = input.now ?? new Date();
  if (!isAttemptId(input.attemptId)) throw notFound();
  let row: Awaited<ReturnType<ReturnType<typeof saveStatement>["execute"]>>[number] | undefined;
  let valid = false;
  for (let pass = 0; pass < 2 && !row?.drawMatches; pass++) {
    let draw = drawCache.get(input.attemptId);
    if (!draw || pass > 0) {
      // Not known here (or stale): read it; someone else's attempt, or none, is a 404 as before.
      rememberDraw(input.attemptId, (await ownAttempt(db, input.userId, input.attemptId)).items);
      draw = drawCache.get(input.attemptId)!;
    }
    const versionId = Number.isInteger(input.item) && input.item >= 0 ? (draw[input.item] ?? null) : null;
    valid = versionId !== null && (await validFor(db, versionId, input.part, input.response));
    const ip = input.ip && input.ip !== "unknown" ? input.ip : null;
    [row] = await saveStatement(db).execute({
      attemptId: input.attemptId,
      userId: input.userId,
      now: now.toISOString(),
      anyDevice: input.deviceHash === undefined,
      deviceHash: input.deviceHash ?? null,
      ip,
      ipGiven: !!input.ip,
      item: input.item,
      part: input.part,
      versionId,
      valid,
      response: JSON.stringify(wrap(input.response)),
      seq: input.seq,
    });
    if (!row) {
      drawCache.delete(input.attemptId);
      throw notFound();
    }
  }
  if (!row) throw notFound();
  if (row.status !== "open" || !row.inTime) {
    const graded = row.status === "open" ? await closeAttempt(db, input.attemptId, "expired", now) : null;
    return graded ? { ok: false, reason: "closed", graded } : { ok: false, reason: "closed" };
  }
  if (!row.holds) return { ok: false, reason: "device" };
  if (!row.drawMatches) return { ok: false, reason: "invalid" };
  // The statement noted the new address; the change is recorded among the events when the policy asks.
  const ipChanged = !!input.ip && input.ip !== "unknown" && !!row.prevIp && row.prevIp !== input.ip;
  if (ipChanged)
    await recordIpChange(
      db,
      { id: input.attemptId, sessionId: row.sessionId, levelSlug: row.levelSlug },
      row.prevIp!,
      input.ip!,
      now,
    );
  if (!valid) return { ok: false, reason: "invalid" };
  // Not saved: the stored answer is newer; its sequence number lets the client drop its stale copy.
  return { ok: true, seq: row.savedSeq ?? row.storedSeq ?? input.seq };
}

/** Whether the response fits the part of this version (its content kept per process by shownVersions). */
async function validFor(db: DbOrTx, versionId: string, partIndex: number, response: unknown) {
  const content = (await shownVersions(db, [versionId])).get(versionId);
  const part =
    content?.type === "case"
      ? content.parts[partIndex]
      : partIndex === 0
        ? (content as PartContent | undefined)
        : undefined;
  return validResponse(part, response);
}
