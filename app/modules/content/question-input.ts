import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { caseSchema, PART_SCHEMAS, questionBaseSchema, QUESTION_TYPES, type Question, type QuestionPart, type QuestionType } from "./question-schemas";

/**
 * A question as people type it — in the editor's form and in the spreadsheet template (one row per question,
 * options in columns) — and its conversion to the `Question` the files in content/questions hold. Both go
 * through the same zod schemas as `npm run content:check`, so an authored or imported question is exactly
 * what the sync would have produced from a file.
 */
export interface QuestionFields {
  id: string;
  type: string;
  difficulty: string;
  points: string;
  /** The stem; for a case, its scenario. */
  stem: string;
  /** Options A–H; empty ones at the end are ignored. */
  options: string[];
  /** single: a letter (B); multiple: letters (ACD or A,C,D); true/false: 对/错; fill-in: answers split by |. */
  answer: string;
  explanation: string;
  rubric: string;
  /** A case's parts in the YAML of content/questions (a list of part questions). */
  parts: string;
}

export const OPTION_LETTERS = ["A", "B", "C", "D", "E", "F", "G", "H"] as const;

/** One thing wrong with a question: the field it is about and a catalog key (with the schema's detail). */
export interface QuestionProblem {
  field: string;
  message: string;
  values?: Record<string, string>;
}

export type ParsedQuestion = { ok: true; question: Question } | { ok: false; problems: QuestionProblem[] };

/** Stable text of a value (sorted keys): the question's hash changes only when the question does. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

const schemaProblem = (path: (string | number)[], detail: string): QuestionProblem => ({
  field: path.length ? path.join(".") : "question",
  message: "authoring.problems.schema",
  values: { field: path.join(".") || "—", detail },
});

/** Validates a question in the files' shape (as the YAML holds it), the same steps as content/questions. */
export function parseQuestion(raw: unknown): ParsedQuestion {
  const base = questionBaseSchema.safeParse(raw);
  if (!base.success) return { ok: false, problems: base.error.issues.map((i) => schemaProblem(i.path, i.message)) };
  if (base.data.type === "case") {
    const parsed = caseSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => schemaProblem(i.path, i.message)) };
    const parts: QuestionPart[] = [];
    const problems: QuestionProblem[] = [];
    for (const [j, part] of parsed.data.parts.entries()) {
      const result = PART_SCHEMAS[part.type].safeParse(part);
      if (result.success) parts.push(result.data);
      else problems.push(...result.error.issues.map((i) => schemaProblem(["parts", j, ...i.path], i.message)));
    }
    if (problems.length) return { ok: false, problems };
    return { ok: true, question: { ...base.data, type: "case", scenario: parsed.data.scenario, parts, explanation: parsed.data.explanation } };
  }
  const parsed = PART_SCHEMAS[base.data.type].safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => schemaProblem(i.path, i.message)) };
  return { ok: true, question: { ...base.data, ...parsed.data } as Question };
}

const TRUE_WORDS = new Set(["对", "正确", "是", "√", "✓", "t", "true", "y", "yes"]);
const FALSE_WORDS = new Set(["错", "错误", "否", "×", "✗", "f", "false", "n", "no"]);

function letters(answer: string): number[] | null {
  const compact = answer.toUpperCase().replace(/[\s,，、;；]/g, "");
  if (!compact) return null;
  const indexes = [...compact].map((c) => OPTION_LETTERS.indexOf(c as (typeof OPTION_LETTERS)[number]));
  return indexes.some((i) => i < 0) ? null : indexes;
}

/** The typed fields as a question in the files' shape, validated. */
export function fieldsToQuestion(fields: QuestionFields): ParsedQuestion {
  const type = fields.type.trim() as QuestionType;
  if (!QUESTION_TYPES.includes(type)) return { ok: false, problems: [{ field: "type", message: "authoring.problems.type" }] };
  const difficulty = Number(fields.difficulty.trim() || "NaN");
  const points = fields.points.trim() ? Number(fields.points.trim()) : undefined;
  if (!Number.isFinite(difficulty)) return { ok: false, problems: [{ field: "difficulty", message: "authoring.problems.difficulty" }] };
  if (points !== undefined && !Number.isFinite(points)) return { ok: false, problems: [{ field: "points", message: "authoring.problems.points" }] };
  const raw: Record<string, unknown> = { id: fields.id.trim(), type, difficulty };
  if (type === "case") {
    raw.scenario = fields.stem;
    let parts: unknown;
    try {
      parts = parseYaml(fields.parts);
    } catch {
      return { ok: false, problems: [{ field: "parts", message: "authoring.problems.parts" }] };
    }
    raw.parts = parts;
    if (fields.explanation.trim()) raw.explanation = fields.explanation;
    return parseQuestion(raw);
  }
  raw.stem = fields.stem;
  if (points !== undefined) raw.points = points;
  raw.explanation = fields.explanation;
  const options = trimOptions(fields.options);
  const answer = fields.answer.trim();
  switch (type) {
    case "single": {
      const picked = letters(answer);
      if (!picked || picked.length !== 1) return { ok: false, problems: [{ field: "answer", message: "authoring.problems.singleAnswer" }] };
      Object.assign(raw, { options, answer: picked[0] });
      break;
    }
    case "multiple": {
      const picked = letters(answer);
      if (!picked) return { ok: false, problems: [{ field: "answer", message: "authoring.problems.multipleAnswer" }] };
      Object.assign(raw, { options, answer: picked });
      break;
    }
    case "true_false": {
      const word = answer.toLowerCase();
      if (!TRUE_WORDS.has(word) && !FALSE_WORDS.has(word))
        return { ok: false, problems: [{ field: "answer", message: "authoring.problems.trueFalseAnswer" }] };
      raw.answer = TRUE_WORDS.has(word);
      break;
    }
    case "fill_in":
      raw.answer = answer.split(/[|｜]/).map((a) => a.trim()).filter(Boolean);
      break;
    case "essay":
      raw.rubric = fields.rubric;
      break;
  }
  const parsed = parseQuestion(raw);
  if (parsed.ok) return parsed;
  // Options are typed in columns A–H: name the column rather than the array index.
  return {
    ok: false,
    problems: parsed.problems.map((p) => (/^options\.\d+$/.test(p.field) ? { ...p, field: `option${OPTION_LETTERS[Number(p.field.split(".")[1])]}` } : p)),
  };
}

function trimOptions(options: string[]) {
  const list = options.map((o) => o ?? "");
  while (list.length && !list[list.length - 1]!.trim()) list.pop();
  return list;
}

/** A question as the form's and the template's fields. */
export function questionToFields(question: Question): QuestionFields {
  const fields: QuestionFields = {
    id: question.id,
    type: question.type,
    difficulty: String(question.difficulty),
    points: "",
    stem: "",
    options: [],
    answer: "",
    explanation: question.explanation ?? "",
    rubric: "",
    parts: "",
  };
  if (question.type === "case") {
    fields.stem = question.scenario;
    fields.parts = stringifyYaml(question.parts).trimEnd();
    return fields;
  }
  fields.stem = question.stem;
  fields.points = String(question.points);
  switch (question.type) {
    case "single":
      fields.options = question.options;
      fields.answer = OPTION_LETTERS[question.answer] ?? "";
      break;
    case "multiple":
      fields.options = question.options;
      fields.answer = [...question.answer].sort((a, b) => a - b).map((i) => OPTION_LETTERS[i]).join("");
      break;
    case "true_false":
      fields.answer = question.answer ? "对" : "错";
      break;
    case "fill_in":
      fields.answer = question.answer.join("|");
      break;
    case "essay":
      fields.rubric = question.rubric;
      break;
  }
  return fields;
}

/** Text reduced to what makes two stems "the same": letters and digits only, lower-case, full-width folded. */
export function normalizeStem(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++) {
    const g = text.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Dice coefficient of the normalized stems' character bigrams: 1 for the same text, near 0 for unrelated. */
export function stemSimilarity(a: string, b: string): number {
  const x = normalizeStem(a);
  const y = normalizeStem(b);
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  const gx = bigrams(x);
  const gy = bigrams(y);
  let shared = 0;
  for (const [g, n] of gx) shared += Math.min(n, gy.get(g) ?? 0);
  return (2 * shared) / (x.length - 1 + (y.length - 1));
}

/** Above this, two stems are flagged as likely duplicates. */
export const DUPLICATE_THRESHOLD = 0.9;

/** The stem a list shows: a part question's stem, a case's scenario. */
export function stemOf(question: { type: string; stem?: string; scenario?: string }): string {
  return question.type === "case" ? (question.scenario ?? "") : (question.stem ?? "");
}
