import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { contentChanges, questions, questionTopics, questionVersions } from "#db/schema";
import { readTable, type ReadTableError } from "~/modules/spreadsheets/index.server";
import { type Membership, requirePermission } from "~/modules/orgs/index.server";
import { payloadHash, saveNewDrafts, submitChange } from "./changes.server";
import { questionHash } from "./question-changes.server";
import { fieldsToQuestion, OPTION_LETTERS, type QuestionFields, questionToFields } from "./question-input";
import { joinQuestion } from "./question-join";
import type { QuestionContent, QuestionKey } from "./question-parts";
import { QUESTION_TYPES, type Question } from "./question-schemas";

type Actor = { id: string; memberships: readonly Membership[] };

/**
 * 题库导入 / export: one row per question, options in columns, Chinese headers. The template, the export and
 * the import share these columns, so an exported file imports back unchanged (and changes nothing).
 */
export const QUESTION_SHEET_HEADERS = [
  "等级",
  "专题",
  "题目编号",
  "题型",
  "难度",
  "分值",
  "题干",
  ...OPTION_LETTERS.map((l) => `选项${l}`),
  "答案",
  "解析",
  "评分要点",
  "案例小题",
] as const;

const TYPE_NAMES: Record<(typeof QUESTION_TYPES)[number], string> = {
  single: "单选题",
  multiple: "多选题",
  true_false: "判断题",
  fill_in: "填空题",
  essay: "论述题",
  case: "案例分析题",
};
const TYPE_BY_NAME = new Map<string, string>([
  ...Object.entries(TYPE_NAMES).map(([code, name]) => [name, code] as [string, string]),
  ...QUESTION_TYPES.map((code) => [code, code] as [string, string]),
]);

function toRow(levelSlug: string, topic: string, f: QuestionFields): string[] {
  return [
    levelSlug,
    topic,
    f.id,
    TYPE_NAMES[f.type as keyof typeof TYPE_NAMES] ?? f.type,
    f.difficulty,
    f.points,
    f.stem,
    ...OPTION_LETTERS.map((_, i) => f.options[i] ?? ""),
    f.answer,
    f.explanation,
    f.rubric,
    f.parts,
  ];
}

/** Two example rows for the downloadable template. */
export function questionTemplateRows(): string[][] {
  return [
    ["junior", "law", "law-901", "单选题", "2", "1", "技术合同有几类？", "三类", "五类", "七类", "九类", "", "", "", "", "B", "民法典第八百四十三条规定了五类。", "", ""],
    ["junior", "law", "law-902", "判断题", "1", "1", "协议定价的，应当在本单位公示。", "", "", "", "", "", "", "", "", "对", "第十八条。", "", ""],
  ];
}

/** Every current, non-retired question in the template's columns. */
export async function exportQuestionRows(db: DbOrTx, actor: Actor): Promise<string[][]> {
  requirePermission(actor, "author:content");
  const rows = await db
    .select({
      levelSlug: questions.levelSlug,
      topic: questions.topic,
      externalId: questions.externalId,
      difficulty: questionVersions.difficulty,
      content: questionVersions.content,
      key: questionVersions.key,
    })
    .from(questions)
    .innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
    .where(isNull(questions.retiredAt))
    .orderBy(questions.levelSlug, questions.topic, questions.externalId);
  return rows.map((r) => toRow(r.levelSlug, r.topic, questionToFields(joinQuestion(r.externalId, r.difficulty, r.content as QuestionContent, r.key as QuestionKey))));
}

export interface SheetProblem {
  /** The spreadsheet line the user sees (1 is the header). */
  line: number;
  /** The column header, when the problem is about one cell. */
  column?: string;
  message: string;
  values?: Record<string, string | number>;
}

export interface SheetPlan {
  problems: SheetProblem[];
  create: number;
  update: number;
  unchanged: number;
  rows: number;
}

type PlannedRow =
  | { kind: "create"; line: number; levelSlug: string; topic: string; question: Question }
  | { kind: "update"; line: number; levelSlug: string; topic: string; question: Question; targetId: string; baseVersion: number }
  | { kind: "unchanged"; line: number };

const FIELD_COLUMN: Record<string, string> = {
  id: "题目编号",
  type: "题型",
  difficulty: "难度",
  points: "分值",
  stem: "题干",
  scenario: "题干",
  answer: "答案",
  explanation: "解析",
  rubric: "评分要点",
  parts: "案例小题",
  options: "选项A",
  ...Object.fromEntries(OPTION_LETTERS.map((l) => [`option${l}`, `选项${l}`])),
};

// A cell Excel would run as a formula; the export writes such text with a leading "'" (OWASP CSV injection).
const FORMULA = /^[=+@]/;

export type SheetOutcome = { ok: true; plan: SheetPlan; planned: PlannedRow[] } | { ok: false; error: ReadTableError | "missing_columns"; columns?: string[] };

/** Reads and checks a question sheet: every problem by line; what committing it would create and change. */
export async function checkQuestionSheet(db: DbOrTx, actor: Actor, bytes: Uint8Array, fileName: string): Promise<SheetOutcome> {
  requirePermission(actor, "author:content");
  const table = await readTable(bytes, fileName);
  if (!table.ok) return { ok: false, error: table.error };
  const index = new Map(table.headers.map((h, i) => [h.trim(), i]));
  const missing = QUESTION_SHEET_HEADERS.filter((h) => !index.has(h) && !h.startsWith("选项") && h !== "案例小题" && h !== "评分要点");
  if (!index.has("选项A")) missing.push("选项A");
  if (missing.length) return { ok: false, error: "missing_columns", columns: missing };

  const topics = await db.select({ levelSlug: questionTopics.levelSlug, topic: questionTopics.topic }).from(questionTopics).where(isNull(questionTopics.retiredAt));
  const topicSet = new Set(topics.map((t) => `${t.levelSlug}/${t.topic}`));
  const existing = await db
    .select({ id: questions.id, levelSlug: questions.levelSlug, topic: questions.topic, externalId: questions.externalId, version: questions.currentVersion, hash: questionVersions.contentHash })
    .from(questions)
    .innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)));
  const byIdentity = new Map(existing.map((q) => [`${q.levelSlug}/${q.topic}/${q.externalId}`, q]));
  // Changes already waiting with the same payload: importing the same file again adds nothing.
  const open = await db
    .select({ hash: contentChanges.payloadHash })
    .from(contentChanges)
    .where(and(eq(contentChanges.kind, "question"), inArray(contentChanges.status, ["draft", "submitted", "approved", "returned"])));
  const openHashes = new Set(open.map((o) => o.hash));

  const problems: SheetProblem[] = [];
  const planned: PlannedRow[] = [];
  const seen = new Map<string, number>();
  const cell = (row: string[], header: string) => {
    const i = index.get(header);
    const value = i === undefined ? "" : (row[i] ?? "");
    // Undo the export's formula guard: "'=x" was written for the text "=x".
    return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
  };
  table.rows.forEach((row, i) => {
    const line = table.headerLine + 1 + i;
    if (!row.some((c) => c.trim())) return;
    const before = problems.length;
    for (const [h, idx] of index) if (FORMULA.test(row[idx] ?? "")) problems.push({ line, column: h, message: "authoring.import.formula" });
    const levelSlug = cell(row, "等级").trim();
    const topic = cell(row, "专题").trim();
    if (!topicSet.has(`${levelSlug}/${topic}`)) problems.push({ line, column: "专题", message: "authoring.import.topic", values: { level: levelSlug, topic } });
    const typeName = cell(row, "题型").trim();
    const fields: QuestionFields = {
      id: cell(row, "题目编号"),
      type: TYPE_BY_NAME.get(typeName) ?? typeName,
      difficulty: cell(row, "难度"),
      points: cell(row, "分值"),
      stem: cell(row, "题干"),
      options: OPTION_LETTERS.map((l) => cell(row, `选项${l}`)),
      answer: cell(row, "答案"),
      explanation: cell(row, "解析"),
      rubric: cell(row, "评分要点"),
      parts: cell(row, "案例小题"),
    };
    const parsed = fieldsToQuestion(fields);
    if (!parsed.ok) {
      for (const p of parsed.problems) {
        const root = p.field.split(".")[0]!;
        problems.push({ line, column: FIELD_COLUMN[p.field] ?? FIELD_COLUMN[root], message: p.message, values: p.values });
      }
    }
    if (problems.length > before || !parsed.ok) return;
    const identity = `${levelSlug}/${topic}/${parsed.question.id}`;
    const earlier = seen.get(identity);
    if (earlier) {
      problems.push({ line, column: "题目编号", message: "authoring.import.duplicateId", values: { id: parsed.question.id, line: earlier } });
      return;
    }
    seen.set(identity, line);
    const current = byIdentity.get(identity);
    const payload = { levelSlug, topic, question: parsed.question };
    if ((current && current.hash === questionHash(parsed.question)) || openHashes.has(payloadHash(payload))) planned.push({ kind: "unchanged", line });
    else if (current) planned.push({ kind: "update", line, levelSlug, topic, question: parsed.question, targetId: current.id, baseVersion: current.version });
    else planned.push({ kind: "create", line, levelSlug, topic, question: parsed.question });
  });
  const count = (kind: PlannedRow["kind"]) => planned.filter((p) => p.kind === kind).length;
  return { ok: true, planned, plan: { problems, create: count("create"), update: count("update"), unchanged: count("unchanged"), rows: planned.length + new Set(problems.map((p) => p.line)).size } };
}

/**
 * Commits a checked sheet: every new or changed row becomes a draft change (or a submitted one), all in one
 * transaction — a problem anywhere, or an item changed meanwhile, and nothing is written.
 */
export async function commitQuestionSheet(db: DbOrTx, actor: Actor, bytes: Uint8Array, fileName: string, options: { submit: boolean }) {
  const checked = await checkQuestionSheet(db, actor, bytes, fileName);
  if (!checked.ok || checked.plan.problems.length) return { ok: false as const, checked };
  class Stale extends Error {}
  try {
    const changeIds = await db.transaction(async (tx) => {
      const rows = checked.planned.filter((row): row is Exclude<PlannedRow, { kind: "unchanged" }> => row.kind !== "unchanged");
      // All rows' drafts in a few statements (2,000 rows: bench/authoring.mjs).
      const saved = await saveNewDrafts(
        tx,
        actor,
        rows.map((row) => ({
          kind: "question" as const,
          action: row.kind,
          targetId: row.kind === "update" ? row.targetId : null,
          baseVersion: row.kind === "update" ? row.baseVersion : null,
          payload: { levelSlug: row.levelSlug, topic: row.topic, question: row.question },
        })),
      );
      if (!saved.ok) throw new Stale(`${rows[saved.index]?.line ?? 0}`);
      if (options.submit)
        for (const [i, change] of saved.changes.entries())
          if (!(await submitChange(tx, actor, change.id)).ok) throw new Stale(`${rows[i]!.line}`);
      return saved.changes.map((change) => change.id);
    });
    return { ok: true as const, plan: checked.plan, changeIds };
  } catch (error) {
    if (error instanceof Stale) return { ok: false as const, stale: Number(error.message) };
    throw error;
  }
}
