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
      content: questionVersions.content,
    })
    .from(questions)
    .innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
    .where(and(eq(questions.levelSlug, sql.placeholder("levelSlug")), isNull(questions.retiredAt)))
    .prepare("draw_pool"),
);

/** The level's current, non-retired question versions as the draw sees them, with each version's points. */
export async function drawPool(db: DbOrTx, levelSlug: string): Promise<(BankEntry & { pointsTenths: number })[]> {
  const rows = await drawPoolStatement(db).execute({ levelSlug });
  return rows.map(({ content, ...row }) => {
    const c = content as QuestionContent;
    const parts = c.type === "case" ? c.parts : [c];
    return { ...row, optionCounts: parts.map((p) => ("options" in p ? p.options.length : 0)) };
  });
}

/** What a candidate may see of these versions (never the key), by version id. */
export async function shownVersions(db: DbOrTx, versionIds: readonly string[]): Promise<Map<string, QuestionContent>> {
  if (!versionIds.length) return new Map();
  const rows = await db
    .select({ id: questionVersions.id, content: questionVersions.content })
    .from(questionVersions)
    .where(inArray(questionVersions.id, [...versionIds]));
  return new Map(rows.map((r) => [r.id, r.content as QuestionContent]));
}

/** Both halves of these versions, by version id: for grading and the review after an attempt closes. */
export async function keyedVersions(
  db: DbOrTx,
  versionIds: readonly string[],
): Promise<Map<string, { content: QuestionContent; key: QuestionKey }>> {
  if (!versionIds.length) return new Map();
  const rows = await db
    .select({ id: questionVersions.id, content: questionVersions.content, key: questionVersions.key })
    .from(questionVersions)
    .where(inArray(questionVersions.id, [...versionIds]));
  return new Map(rows.map((r) => [r.id, { content: r.content as QuestionContent, key: r.key as QuestionKey }]));
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
