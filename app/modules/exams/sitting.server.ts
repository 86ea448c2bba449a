import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { attemptAnswers } from "#db/schema";
import { preparedFor } from "#db/prepared";
import type { PartContent, QuestionContent } from "~/modules/content";
import { shownVersions } from "~/modules/content/index.server";
import { holdsAttempt, ownAttempt, unwrap, wrap } from "./attempt-rows.server";
import { closeAttempt, type GradedAttempt } from "./close.server";
import { attemptStatusFor, touchAttempt } from "./integrity.server";
import { shownQuestion } from "./shown";

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

async function candidateView(db: DbOrTx, userId: string, attemptId: string, now: Date) {
  let attempt = await ownAttempt(db, userId, attemptId);
  let graded: GradedAttempt | null = null;
  if (attempt.status === "open" && attempt.deadlineAt <= now) {
    graded = await closeAttempt(db, attemptId, "expired", now);
    attempt = await ownAttempt(db, userId, attemptId);
  }
  const answers = await answersStatement(db).execute({ attemptId });
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

// Read by every exam page: prepared once per database handle (docs/performance.md).
const answersStatement = preparedFor((db) =>
  db
    .select({
      item: attemptAnswers.item,
      part: attemptAnswers.part,
      response: attemptAnswers.response,
      seq: attemptAnswers.seq,
    })
    .from(attemptAnswers)
    .where(eq(attemptAnswers.attemptId, sql.placeholder("attemptId")))
    .orderBy(asc(attemptAnswers.item), asc(attemptAnswers.part))
    .prepare("attempt_answers_of"),
);

// The most frequent write of an exam day (a save every 15 s per candidate): prepared once per database handle.
// Placeholders are not encoded by their columns: the response goes as JSON text and the instant as text, cast.
const saveStatement = preparedFor((db) =>
  db
    .insert(attemptAnswers)
    .values({
      attemptId: sql.placeholder("attemptId"),
      item: sql.placeholder("item"),
      part: sql.placeholder("part"),
      response: sql`(${sql.placeholder("response")}::text)::jsonb`,
      seq: sql.placeholder("seq"),
      savedAt: sql`${sql.placeholder("savedAt")}::timestamptz`,
    })
    .onConflictDoUpdate({
      target: [attemptAnswers.attemptId, attemptAnswers.item, attemptAnswers.part],
      set: { response: sql`excluded.response`, seq: sql`excluded.seq`, savedAt: sql`excluded.saved_at` },
      setWhere: sql`${attemptAnswers.seq} < excluded.seq`,
    })
    .returning({ seq: attemptAnswers.seq })
    .prepare("save_attempt_answer"),
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

/**
 * Saves one answer. Idempotent and ordered: a save whose sequence number is not above the stored one
 * changes nothing (a retry, or a stale save arriving late). After the deadline nothing is saved.
 * `deviceHash` (routes always pass it): a browser other than the one the attempt is bound to saves nothing
 * (docs/exam-integrity.md); `ip` notes a change of address.
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
  const attempt = await ownAttempt(db, input.userId, input.attemptId);
  if (attempt.status !== "open" || attempt.deadlineAt <= now) {
    const graded = attempt.status === "open" ? await closeAttempt(db, attempt.id, "expired", now) : null;
    return graded ? { ok: false, reason: "closed", graded } : { ok: false, reason: "closed" };
  }
  if (!holdsAttempt(attempt, input.deviceHash)) return { ok: false, reason: "device" };
  await touchAttempt(db, attempt, input.ip, now);
  const item = attempt.items[input.item];
  if (!item) return { ok: false, reason: "invalid" };
  const content = (await shownVersions(db, [item.versionId])).get(item.versionId);
  const part =
    content?.type === "case"
      ? content.parts[input.part]
      : input.part === 0
        ? (content as PartContent | undefined)
        : undefined;
  if (!validResponse(part, input.response)) return { ok: false, reason: "invalid" };
  const [stored] = await saveStatement(db).execute({
    attemptId: attempt.id,
    item: input.item,
    part: input.part,
    response: JSON.stringify(wrap(input.response)),
    seq: input.seq,
    savedAt: now.toISOString(),
  });
  if (stored) return { ok: true, seq: stored.seq };
  // The stored answer is newer: report its sequence number so the client drops its stale copy.
  const [current] = await db
    .select({ seq: attemptAnswers.seq })
    .from(attemptAnswers)
    .where(
      and(
        eq(attemptAnswers.attemptId, attempt.id),
        eq(attemptAnswers.item, input.item),
        eq(attemptAnswers.part, input.part),
      ),
    );
  return { ok: true, seq: current?.seq ?? input.seq };
}
