import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { questions, questionVersions } from "#db/schema";
import type { BankEntry } from "./draw";
import type { QuestionContent, QuestionKey } from "./question-parts";

/**
 * The question bank as exams read it. Each version has two halves: what a candidate may see (content)
 * and what stays on the server (key); callers ask for the key half only where they grade or review.
 */

// Read on every exam start: prepared once per database handle (docs/performance.md, session 7).
const drawPoolStatement = preparedFor((db) =>
  db
    .select({
      questionId: questions.id,
      versionId: questionVersions.id,
      module: questions.module,
      topic: questions.topic,
      type: questionVersions.type,
      difficulty: questionVersions.difficulty,
      pointsTenths: questionVersions.pointsTenths,
    })
    .from(questions)
    .innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
    .where(and(eq(questions.levelSlug, sql.placeholder("levelSlug")), isNull(questions.retiredAt)))
    .prepare("draw_pool"),
);

/** The level's current, non-retired question versions as the draw sees them, with each version's points. */
export async function drawPool(db: DbOrTx, levelSlug: string): Promise<(BankEntry & { pointsTenths: number })[]> {
  const rows = await drawPoolStatement(db).execute({ levelSlug });
  // The option counts come from each version's content, which never changes: read once per process, not per start
  // (the whole bank's content was most of a start's bytes and JSON parsing, docs/performance.md session 8).
  const contents = await shownVersions(
    db,
    rows.map((r) => r.versionId),
  );
  return rows.map((row) => {
    const c = contents.get(row.versionId)!;
    const parts = c.type === "case" ? c.parts : [c];
    return { ...row, optionCounts: parts.map((p) => ("options" in p ? p.options.length : 0)) };
  });
}

/**
 * A version's content and key are never changed once written (an edit makes a new version), so both are kept per
 * process, by version id: the exam page, every save and every start read what candidates see from here, and every
 * hand-in grades from here. Bounded: past the limit a cache starts again (a whole bank is a few thousand versions).
 */
const VERSION_CACHE_LIMIT = 50_000;
const shownCache = new Map<string, QuestionContent>();
const keyedCache = new Map<string, { content: QuestionContent; key: QuestionKey }>();

// Versions being read right now, per cache: a caller that needs one of them waits for that read instead of making its
// own. A copy that has just started meets its first exam starts a few at a time, each needing the whole bank.
const reading = new WeakMap<Map<string, unknown>, Map<string, Promise<unknown>>>();

/**
 * These versions from `cache`, reading the missing ones with `load` (in chunks: a statement takes ≤ 65,535 values);
 * a version another caller is reading already is waited for, not read again.
 */
async function readThrough<T>(
  cache: Map<string, T>,
  versionIds: readonly string[],
  load: (ids: string[]) => Promise<[string, T][]>,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  let inFlight = reading.get(cache) as Map<string, Promise<T | undefined>> | undefined;
  if (!inFlight) reading.set(cache, (inFlight = new Map()));
  const missing = new Set<string>();
  const waits: Promise<void>[] = [];
  for (const id of versionIds) {
    const value = cache.get(id);
    if (value) found.set(id, value);
    else if (!missing.has(id)) {
      const pending = inFlight.get(id);
      if (pending)
        waits.push(
          pending.then((v) => {
            if (v) found.set(id, v);
          }),
        );
      else missing.add(id);
    }
  }
  const ids = [...missing];
  for (let from = 0; from < ids.length; from += 5_000) {
    const chunk = ids.slice(from, from + 5_000);
    const loaded = load(chunk).then((rows) => {
      if (cache.size + rows.length > VERSION_CACHE_LIMIT) cache.clear();
      for (const [id, value] of rows) cache.set(id, value);
      return new Map(rows);
    });
    for (const id of chunk) {
      const one = loaded.then((rows) => rows.get(id));
      // Its own caller sees a failure through `loaded`; a waiting one through this.
      one.catch(() => {});
      inFlight.set(id, one);
    }
    waits.push(
      loaded
        .then((rows) => {
          for (const [id, value] of rows) found.set(id, value);
        })
        .finally(() => {
          for (const id of chunk) inFlight.delete(id);
        }),
    );
  }
  await Promise.all(waits);
  return found;
}

/** What a candidate may see of these versions (never the key), by version id. Callers must not change them. */
export function shownVersions(db: DbOrTx, versionIds: readonly string[]): Promise<Map<string, QuestionContent>> {
  return readThrough(shownCache, versionIds, async (ids) => {
    const rows = await db
      .select({ id: questionVersions.id, content: questionVersions.content })
      .from(questionVersions)
      .where(inArray(questionVersions.id, ids));
    return rows.map((r) => [r.id, r.content as QuestionContent]);
  });
}

/**
 * Both halves of these versions, by version id: for grading and the review after an attempt closes. Server-only (the
 * key never leaves it); callers must not change them.
 */
export function keyedVersions(
  db: DbOrTx,
  versionIds: readonly string[],
): Promise<Map<string, { content: QuestionContent; key: QuestionKey }>> {
  return readThrough(keyedCache, versionIds, async (ids) => {
    const rows = await db
      .select({ id: questionVersions.id, content: questionVersions.content, key: questionVersions.key })
      .from(questionVersions)
      .where(inArray(questionVersions.id, ids));
    return rows.map((r) => [r.id, { content: r.content as QuestionContent, key: r.key as QuestionKey }]);
  });
}

/**
 * For statistics kept in one SQL query: each version's question and points (id, question_id,
 * points_tenths), to join as `join ${versionPointsSql} qv on qv.id = …`.
 */
export const versionPointsSql = sql`(select id, question_id, points_tenths from ${questionVersions})`;

/**
 * Each question with the type of its current version (question_id, topic, external_id, type), to join
 * as `join ${currentQuestionsSql} q on q.question_id = …`.
 */
export const currentQuestionsSql = sql`(select q.id as question_id, q.topic, q.external_id, qv.type
  from ${questions} q join ${questionVersions} qv on qv.question_id = q.id and qv.version = q.current_version)`;
