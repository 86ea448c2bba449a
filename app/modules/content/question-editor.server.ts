import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { type ContentChangeRow, contentChanges, questions, questionTopics, questionVersions } from "#db/schema";
import type { Membership } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";
import { isUuid } from "~/utils/ids";
import { failure, type Failure, fieldFailure } from "~/utils/failure";
import { listChanges, requireContentAccess, saveDraft } from "./changes.server";
import { sideBySide } from "./diff-view";
import { questionAtVersion, questionChanges } from "./question-changes.server";
import { DUPLICATE_THRESHOLD, fieldsToQuestion, OPTION_LETTERS, type QuestionFields, type QuestionProblem, questionToFields, stemOf, stemSimilarity } from "./question-input";

type Actor = { id: string; memberships: readonly Membership[] };

export const QUESTION_PAGE_SIZE = 50;
const OPEN_STATUSES = ["draft", "submitted", "approved", "returned"];

export interface QuestionSearch {
  level?: string;
  topic?: string;
  type?: string;
  /** active, retired, or "pending" (an open change waits). */
  status?: "active" | "retired" | "pending";
  text?: string;
  page?: number;
}

const stemSql = sql<string>`coalesce(${questionVersions.content}->>'stem', ${questionVersions.content}->>'scenario')`;

/** A page of the bank, filtered, in level/topic/id order, with the total for the pager. */
export async function searchQuestions(db: DbOrTx, actor: Actor, search: QuestionSearch) {
  requireContentAccess(actor);
  const where: SQL[] = [];
  if (search.level) where.push(eq(questions.levelSlug, search.level));
  if (search.topic) where.push(eq(questions.topic, search.topic));
  if (search.type) where.push(eq(questionVersions.type, search.type));
  if (search.status === "active") where.push(isNull(questions.retiredAt));
  if (search.status === "retired") where.push(isNotNull(questions.retiredAt));
  if (search.status === "pending")
    where.push(
      // target_id is text (a level's slug or an item's uuid): PostgreSQL compares no varchar with a uuid.
      sql`exists (select 1 from ${contentChanges} c where c.kind = 'question' and c.target_id = ${questions.id}::text and c.status in ('draft', 'submitted', 'approved', 'returned'))`,
    );
  const text = search.text?.trim();
  if (text) {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(questions.externalId, pattern), sql`${stemSql} ilike ${pattern}`)!);
  }
  const page = Math.max(1, search.page ?? 1);
  const filter = where.length ? and(...where) : undefined;
  const currentVersion = and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion));
  // The page and the total are two queries: the page, in identity order, walks the identity index and stops after
  // 50 rows, where a window count over the same query joined the whole bank first (4× slower with 10,000
  // questions, bench/authoring.mjs) and said 0 past the last page.
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: questions.id,
        levelSlug: questions.levelSlug,
        topic: questions.topic,
        externalId: questions.externalId,
        version: questions.currentVersion,
        retiredAt: questions.retiredAt,
        type: questionVersions.type,
        difficulty: questionVersions.difficulty,
        stem: stemSql,
        topicZh: questionTopics.titleZh,
        topicEn: questionTopics.titleEn,
      })
      .from(questions)
      .innerJoin(questionVersions, currentVersion)
      .leftJoin(questionTopics, and(eq(questionTopics.levelSlug, questions.levelSlug), eq(questionTopics.topic, questions.topic)))
      .where(filter)
      .orderBy(asc(questions.levelSlug), asc(questions.topic), asc(questions.externalId))
      .limit(QUESTION_PAGE_SIZE)
      .offset((page - 1) * QUESTION_PAGE_SIZE),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(questions).innerJoin(questionVersions, currentVersion).where(filter),
  ]);
  return { rows, total: counted?.total ?? 0, page, pageSize: QUESTION_PAGE_SIZE };
}

/** The bank's topics (for the filters and the editor's topic list). */
export async function listQuestionTopics(db: DbOrTx) {
  return db
    .select({ levelSlug: questionTopics.levelSlug, topic: questionTopics.topic, titleZh: questionTopics.titleZh, titleEn: questionTopics.titleEn })
    .from(questionTopics)
    .where(isNull(questionTopics.retiredAt))
    .orderBy(asc(questionTopics.levelSlug), asc(questionTopics.topic));
}

/**
 * Current questions of the level whose stem is nearly the same as this one (normalized text similarity),
 * most similar first. Reads only the level's stems: a few thousand short strings.
 */
export async function likelyDuplicates(db: DbOrTx, levelSlug: string, stem: string, exceptId?: string) {
  const rows = await db
    .select({ id: questions.id, topic: questions.topic, externalId: questions.externalId, stem: stemSql })
    .from(questions)
    .innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
    .where(and(eq(questions.levelSlug, levelSlug), isNull(questions.retiredAt)));
  return rows
    .filter((r) => r.id !== exceptId)
    .map((r) => ({ ...r, similarity: stemSimilarity(stem, r.stem ?? "") }))
    .filter((r) => r.similarity >= DUPLICATE_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 5);
}

/** One question for the editor: its current version as form fields, its versions, its changes, its look-alikes. */
export async function questionForEditor(db: DbOrTx, actor: Actor, id: string) {
  requireContentAccess(actor);
  if (!isUuid(id)) throw notFound();
  const current = await questionAtVersion(db, id, null);
  if (!current) throw notFound();
  const [versions, changes, duplicates] = await Promise.all([
    db
      .select({ version: questionVersions.version, loadedAt: questionVersions.loadedAt, origin: questionVersions.origin })
      .from(questionVersions)
      .where(eq(questionVersions.questionId, id))
      .orderBy(desc(questionVersions.version)),
    listChanges(db, actor, { kind: "question", targetId: id }, 20),
    likelyDuplicates(db, current.levelSlug, stemOf(current.question as { type: string; stem?: string; scenario?: string }), id),
  ]);
  return {
    id,
    levelSlug: current.levelSlug,
    topic: current.topic,
    externalId: current.externalId,
    version: current.version,
    retired: current.retiredAt !== null,
    fields: questionToFields(current.question),
    versions,
    changes,
    openChanges: changes.filter((c) => OPEN_STATUSES.includes(c.status)),
    duplicates,
  };
}

/** Two versions of a question side by side. */
export async function questionVersionDiff(db: DbOrTx, actor: Actor, id: string, from: number, to: number) {
  requireContentAccess(actor);
  const [before, after] = await Promise.all([questionChanges.snapshot(db, id, from), questionChanges.snapshot(db, id, to)]);
  if (before === null || after === null) throw notFound();
  return sideBySide(before, after);
}

/** Ids of questions with an open change, for marking rows of a list. */
export async function questionsWithOpenChanges(db: DbOrTx, ids: string[]) {
  if (!ids.length) return new Set<string>();
  const rows = await db
    .select({ id: contentChanges.targetId })
    .from(contentChanges)
    .where(and(eq(contentChanges.kind, "question"), inArray(contentChanges.targetId, ids), inArray(contentChanges.status, OPEN_STATUSES)));
  return new Set(rows.map((r) => r.id!));
}

const FORM_FIELDS = new Set(["id", "type", "difficulty", "points", "stem", "answer", "explanation", "rubric", "parts", ...OPTION_LETTERS.map((l) => `option${l}`)]);

/** A problem of a typed question as the form field it belongs to (a case's part problems go to "parts"). */
export function problemAsFailure(problem: QuestionProblem): Failure {
  const field =
    problem.field === "scenario" ? "stem"
    : problem.field === "options" ? "optionA"
    : problem.field.startsWith("parts.") ? "parts"
    : problem.field;
  return FORM_FIELDS.has(field) ? fieldFailure(field, problem.message, problem.values) : failure(problem.message, problem.values);
}

/**
 * The editor's "save draft": the typed fields become a question (the files' schemas), then a draft change
 * of a new question (no targetId) or of an existing one. Answers with the change and the likely duplicates.
 */
export async function saveQuestionDraft(
  db: DbOrTx,
  actor: Actor,
  input: { place: string; fields: QuestionFields; targetId?: string; baseVersion?: number; changeId?: string; revision?: number },
): Promise<{ ok: true; change: ContentChangeRow; duplicates: Awaited<ReturnType<typeof likelyDuplicates>> } | Failure> {
  requireContentAccess(actor);
  const [levelSlug = "", topic = ""] = input.place.split("/");
  const [topicRow] = await db
    .select({ topic: questionTopics.topic })
    .from(questionTopics)
    .where(and(eq(questionTopics.levelSlug, levelSlug), eq(questionTopics.topic, topic), isNull(questionTopics.retiredAt)));
  if (!topicRow) return fieldFailure("place", "authoring.problems.topic");
  const parsed = fieldsToQuestion(input.fields);
  if (!parsed.ok) return problemAsFailure(parsed.problems[0]!);
  if (!input.targetId) {
    const [taken] = await db
      .select({ id: questions.id })
      .from(questions)
      .where(and(eq(questions.levelSlug, levelSlug), eq(questions.topic, topic), eq(questions.externalId, parsed.question.id)));
    if (taken) return fieldFailure("id", "authoring.problems.idTaken", { id: parsed.question.id });
  }
  const saved = await saveDraft(db, actor, {
    kind: "question",
    action: input.targetId ? "update" : "create",
    targetId: input.targetId ?? null,
    baseVersion: input.baseVersion ?? null,
    payload: { levelSlug, topic, question: parsed.question },
    changeId: input.changeId,
    revision: input.revision,
  });
  if (!saved.ok) return saved;
  const duplicates = await likelyDuplicates(db, levelSlug, stemOf(parsed.question as { type: string; stem?: string; scenario?: string }), input.targetId);
  return { ok: true, change: saved.change, duplicates };
}

/** The likely duplicates of a question change's stem (none for other kinds or a retirement). */
export async function duplicatesOfChange(db: DbOrTx, change: Pick<ContentChangeRow, "kind" | "payload" | "targetId">) {
  if (change.kind !== "question") return [];
  const payload = change.payload as { levelSlug?: string; question?: { type: string; stem?: string; scenario?: string } };
  if (!payload.question || !payload.levelSlug) return [];
  return likelyDuplicates(db, payload.levelSlug, stemOf(payload.question), change.targetId ?? undefined);
}

/** A draft's payload as the editor's fields, for "continue editing". */
export function draftFields(change: Pick<ContentChangeRow, "kind" | "payload">) {
  const payload = change.payload as { levelSlug?: string; topic?: string; question?: Parameters<typeof questionToFields>[0] };
  if (change.kind !== "question" || !payload.question) return null;
  return { place: `${payload.levelSlug}/${payload.topic}`, fields: questionToFields(payload.question) };
}

/** Each question's current stem and its topic's names, for pages that list questions by id (item statistics). */
export async function questionLabels(db: DbOrTx, ids: readonly string[]) {
  if (!ids.length) return new Map<string, { stem: string; topicZh: string | null; topicEn: string | null }>();
  const rows = await db
    .select({ id: questions.id, stem: stemSql, topicZh: questionTopics.titleZh, topicEn: questionTopics.titleEn })
    .from(questions)
    .innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
    .leftJoin(questionTopics, and(eq(questionTopics.levelSlug, questions.levelSlug), eq(questionTopics.topic, questions.topic)))
    .where(inArray(questions.id, [...ids]));
  return new Map(rows.map((r) => [r.id, { stem: r.stem ?? "", topicZh: r.topicZh, topicEn: r.topicEn }]));
}

/** Whether this person may open the question editor (platform admins, content editors and reviewers). */
export function mayOpenEditor(actor: Actor) {
  try {
    requireContentAccess(actor);
    return true;
  } catch {
    return false;
  }
}
