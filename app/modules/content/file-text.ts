import { stringify } from "yaml";
import type { Question, QuestionPart } from "./question-schemas";
import type { PartContent, PartKey, QuestionContent, QuestionKey } from "./question-parts";
import { type CourseFrontMatter, type LessonFrontMatter, type LevelsFile, levelsFileSchema } from "./schemas";

/*
 * The text of content/ files made from what the app holds, for items published in the app (whose
 * SHA-256 is then their content hash, so a sync of the exported file sees no change) and for the export.
 * Items loaded from files keep the file's own text instead (`source`), so an export gives them back byte for byte.
 */

const yaml = (value: unknown) => stringify(value, { lineWidth: 0 });

/** "---\n<front matter>---\n<markdown>", the shape loadContent reads. */
export function markdownFileText(frontMatter: object, markdown: string): string {
  const body = markdown.replace(/\r\n/g, "\n");
  return `---\n${yaml(frontMatter)}---\n${body.endsWith("\n") ? body : `${body}\n`}`;
}

export const courseFileText = (frontMatter: CourseFrontMatter, markdown: string) => markdownFileText(frontMatter, markdown);
export const lessonFileText = (frontMatter: LessonFrontMatter, markdown: string) => markdownFileText(frontMatter, markdown);

/** The Markdown of a course.md or lesson file (the text after its front matter). */
export function markdownOf(source: string): string {
  const normalized = source.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  const match = /^---\n[\s\S]*?\n---\n?/.exec(normalized);
  return match ? normalized.slice(match[0].length) : normalized;
}

export function levelsFileText(file: LevelsFile): string {
  return yaml(file);
}

/**
 * levels.yaml rebuilt from the levels' stored entries, in their order (each keeps the file-wide settings beside it,
 * as the sync stores them): for the export and for a level's rules published in the app.
 */
export function levelsFileOf(configs: unknown[]): LevelsFile {
  const entries = configs as Record<string, unknown>[];
  const { studyTime, certificates, lessonCompletionDefault } = entries[0] as {
    studyTime: unknown;
    certificates: unknown;
    lessonCompletionDefault?: unknown;
  };
  return levelsFileSchema.parse({
    studyTime,
    certificates,
    lessonCompletion: lessonCompletionDefault,
    levels: entries.map(({ studyTime: _s, certificates: _c, lessonCompletionDefault: _l, ...level }) => level),
  });
}

/** A level's own entry of levels.yaml, without the file-wide settings the sync stores beside it. */
export function levelEntryOf(config: unknown): Record<string, unknown> {
  const { studyTime: _s, certificates: _c, lessonCompletionDefault: _l, ...level } = config as Record<string, unknown>;
  return level;
}

const points = (tenths: number) => tenths / 10;

function joinPart(content: PartContent, key: PartKey): QuestionPart {
  if (content.type !== key.type) throw new Error(`part types differ: ${content.type} / ${key.type}`);
  const base = { stem: content.stem, points: points(content.pointsTenths) };
  switch (key.type) {
    case "single":
      return { type: "single", ...base, options: "options" in content ? content.options : [], answer: key.answer, explanation: key.explanation };
    case "multiple":
      return { type: "multiple", ...base, options: "options" in content ? content.options : [], answer: key.answer, explanation: key.explanation };
    case "true_false":
      return { type: "true_false", ...base, answer: key.answer, explanation: key.explanation };
    case "fill_in":
      return { type: "fill_in", ...base, answer: key.answer, explanation: key.explanation };
    case "essay":
      return { type: "essay", ...base, rubric: key.rubric, explanation: key.explanation };
  }
}

/** The inverse of splitQuestion: a question as its topic file writes it. */
export function joinQuestion(id: string, difficulty: number, content: QuestionContent, key: QuestionKey): Question {
  if (content.type === "case") {
    if (key.type !== "case") throw new Error(`question ${id}: a case without a case key`);
    const parts = content.parts.map((part, i) => joinPart(part, key.parts[i]!));
    return { id, difficulty, type: "case", scenario: content.scenario, parts, ...(key.explanation ? { explanation: key.explanation } : {}) };
  }
  if (key.type === "case") throw new Error(`question ${id}: a case key without a case`);
  const part = joinPart(content, key);
  // Written in the files' order: id, type, difficulty, then the part's fields.
  const { type, ...rest } = part;
  return { id, type, difficulty, ...rest } as Question;
}

export function topicFileText(topic: { topic: string; titleZh: string; titleEn: string; module: string }, questions: Question[]): string {
  return yaml({ topic: topic.topic, title: { zh: topic.titleZh, en: topic.titleEn }, module: topic.module, questions });
}
