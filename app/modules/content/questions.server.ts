import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { ZodIssue } from "zod";
import type { ContentProblem } from "./problem";
import { canonical } from "./question-input";
import {
  caseSchema,
  PART_SCHEMAS,
  questionBaseSchema,
  questionFileSchema,
  type Question,
  type QuestionPart,
} from "./question-schemas";

export interface LoadedQuestion {
  externalId: string;
  question: Question;
  hash: string;
}

export interface LoadedTopic {
  levelSlug: string;
  topic: string;
  titleZh: string;
  titleEn: string;
  module: string;
  file: string;
  /** The file's text, exported unchanged while no question of the topic is changed in the app. */
  source: string;
  questions: LoadedQuestion[];
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function lineOf(doc: Document, lineCounter: LineCounter, at: (string | number)[]) {
  for (let depth = at.length; depth >= 0; depth--) {
    const node = doc.getIn(at.slice(0, depth), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Reads content/questions/<level>/<topic>.yaml; every problem as file, line, field and message. */
export async function loadQuestionBank(
  contentDir: string,
  levelSlugs: string[],
  problems: ContentProblem[],
): Promise<LoadedTopic[]> {
  const root = path.join(contentDir, "questions");
  if (!existsSync(root)) return [];
  const topics: LoadedTopic[] = [];
  const levels = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const levelSlug of levels) {
    const rel = (f: string) => path.relative(process.cwd(), path.join(root, levelSlug, f));
    if (!levelSlugs.includes(levelSlug)) problems.push({ file: rel(""), message: `no level "${levelSlug}" in levels.yaml` });
    const seenTopics = new Map<string, string>();
    for (const name of (await readdir(path.join(root, levelSlug))).filter((f) => f.endsWith(".yaml")).sort()) {
      const file = rel(name);
      const source = await readFile(path.join(root, levelSlug, name), "utf8");
      const lineCounter = new LineCounter();
      const doc = parseDocument(source, { lineCounter, prettyErrors: false });
      if (doc.errors.length) {
        for (const error of doc.errors)
          problems.push({ file, line: lineCounter.linePos(error.pos[0]).line, message: `YAML: ${error.message.split("\n")[0]}` });
        continue;
      }
      const report = (issues: ZodIssue[], prefix: (string | number)[]) => {
        for (const issue of issues) {
          const at = [...prefix, ...issue.path];
          problems.push({ file, line: lineOf(doc, lineCounter, at), field: at.join("."), message: issue.message });
        }
      };
      const parsedFile = questionFileSchema.safeParse(doc.toJS());
      if (!parsedFile.success) {
        report(parsedFile.error.issues, []);
        continue;
      }
      const meta = parsedFile.data;
      if (`${meta.topic}.yaml` !== name)
        problems.push({ file, line: lineOf(doc, lineCounter, ["topic"]), field: "topic", message: `topic "${meta.topic}" differs from the file name` });
      if (seenTopics.has(meta.topic)) problems.push({ file, field: "topic", message: `duplicate topic "${meta.topic}"` });
      seenTopics.set(meta.topic, file);

      const questions: LoadedQuestion[] = [];
      const ids = new Set<string>();
      for (const [i, raw] of meta.questions.entries()) {
        const at = ["questions", i];
        const base = questionBaseSchema.safeParse(raw);
        if (!base.success) {
          report(base.error.issues, at);
          continue;
        }
        if (ids.has(base.data.id)) {
          problems.push({ file, line: lineOf(doc, lineCounter, [...at, "id"]), field: `${at.join(".")}.id`, message: `duplicate id "${base.data.id}"` });
          continue;
        }
        ids.add(base.data.id);
        let question: Question | null = null;
        if (base.data.type === "case") {
          const parsed = caseSchema.safeParse(raw);
          if (!parsed.success) {
            report(parsed.error.issues, at);
            continue;
          }
          const parts: QuestionPart[] = [];
          for (const [j, part] of parsed.data.parts.entries()) {
            const partResult = PART_SCHEMAS[part.type].safeParse(part);
            if (partResult.success) parts.push(partResult.data);
            else report(partResult.error.issues, [...at, "parts", j]);
          }
          if (parts.length !== parsed.data.parts.length) continue;
          question = { ...base.data, type: "case", scenario: parsed.data.scenario, parts, explanation: parsed.data.explanation };
        } else {
          const parsed = PART_SCHEMAS[base.data.type].safeParse(raw);
          if (!parsed.success) {
            report(parsed.error.issues, at);
            continue;
          }
          question = { ...base.data, ...parsed.data } as Question;
        }
        questions.push({ externalId: base.data.id, question, hash: sha256(canonical(question)) });
      }
      topics.push({
        levelSlug,
        topic: meta.topic,
        titleZh: meta.title.zh,
        titleEn: meta.title.en,
        module: meta.module,
        file,
        source,
        questions,
      });
    }
  }
  return topics;
}
