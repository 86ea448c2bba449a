import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseDocument, isNode } from "yaml";
import type { z } from "zod";
import { loadAppendices, type LoadedAppendix } from "./appendices.server";
import { type BankEntry, drawExam, fitsSection, seededRandom } from "./draw";
import { imageReferences, renderMarkdown } from "./markdown.server";
import type { ContentProblem } from "./problem";
import { loadQuestionBank, type LoadedTopic } from "./questions.server";

export type { ContentProblem };
import {
  countHan,
  courseFrontMatterSchema,
  lessonFrontMatterSchema,
  levelsFileSchema,
  MIN_LESSON_HAN_CHARACTERS,
  type CourseFrontMatter,
  type LessonFrontMatter,
  type LevelsFile,
} from "./schemas";

export interface LoadedLesson {
  slug: string;
  position: number;
  file: string;
  frontMatter: LessonFrontMatter;
  bodyHtml: string;
  hash: string;
  /** The file's text, kept so an export writes it back unchanged. */
  source: string;
}

export interface LoadedCourse {
  slug: string;
  levelSlug: string;
  file: string;
  frontMatter: CourseFrontMatter;
  introHtml: string;
  hash: string;
  source: string;
  lessons: LoadedLesson[];
}

export interface LoadedContent {
  levels: LevelsFile;
  levelsHash: string;
  levelsSource: string;
  courses: LoadedCourse[];
  questionTopics: LoadedTopic[];
  /** content/appendices/: templates listed on their course's page and downloaded as Markdown. */
  appendices: LoadedAppendix[];
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const LESSON_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** Splits "---\nyaml\n---\nbody" and remembers on which line the body starts. */
function splitFrontMatter(text: string) {
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(normalized);
  if (!match) return null;
  const bodyStartLine = match[0].split("\n").length;
  return { yaml: match[1] ?? "", body: normalized.slice(match[0].length), bodyStartLine };
}

/** Parses YAML and validates it, turning every problem into file + line + field + message. */
function parseYaml<T extends z.ZodTypeAny>(
  source: string,
  schema: T,
  file: string,
  lineOffset: number,
  problems: ContentProblem[],
): z.infer<T> | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    for (const error of doc.errors)
      problems.push({
        file,
        line: lineCounter.linePos(error.pos[0]).line + lineOffset,
        message: `YAML: ${error.message.split("\n")[0]}`,
      });
    return null;
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    // Point at the field itself, or at its nearest parent that exists.
    let line: number | undefined;
    for (let depth = issue.path.length; depth >= 0 && line === undefined; depth--) {
      const node = doc.getIn(issue.path.slice(0, depth), true);
      if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line + lineOffset;
    }
    problems.push({ file, line, field: issue.path.join(".") || undefined, message: issue.message });
  }
  return null;
}

function checkImages(markdown: string, file: string, bodyStartLine: number, publicDir: string, problems: ContentProblem[]) {
  for (const image of imageReferences(markdown)) {
    if (/^https?:\/\//.test(image.url)) {
      problems.push({ file, line: image.line && image.line + bodyStartLine - 1, field: "image", message: `images must be served from public/, not ${image.url}` });
      continue;
    }
    const local = path.join(publicDir, decodeURI(image.url.split(/[?#]/)[0] ?? ""));
    if (!image.url.startsWith("/") || !existsSync(local))
      problems.push({
        file,
        line: image.line && image.line + bodyStartLine - 1,
        field: "image",
        message: `image ${image.url} does not exist under public/`,
      });
  }
}

async function listDirs(dir: string) {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/**
 * Reads and validates all of content/. Returns the content when there is no problem, and the list of
 * problems (file, line, field, message) otherwise.
 */
export async function loadContent(
  contentDir = "content",
  publicDir = "public",
  // Test fixtures use short lessons; the real curriculum keeps the content standard.
  minLessonHan = MIN_LESSON_HAN_CHARACTERS,
): Promise<{ content: LoadedContent | null; problems: ContentProblem[] }> {
  const problems: ContentProblem[] = [];
  const rel = (p: string) => path.relative(process.cwd(), p) || p;

  const levelsPath = path.join(contentDir, "levels.yaml");
  let levels: LevelsFile | null = null;
  let levelsHash = "";
  let levelsSource = "";
  if (!existsSync(levelsPath)) problems.push({ file: rel(levelsPath), message: "the file is missing" });
  else {
    const text = await readFile(levelsPath, "utf8");
    levelsHash = sha256(text);
    levelsSource = text;
    levels = parseYaml(text, levelsFileSchema, rel(levelsPath), 0, problems);
  }

  const courses: LoadedCourse[] = [];
  const courseSlugs = new Map<string, string>();
  // Every course folder by level, valid or not, so one bad file does not also read as a missing course.
  const courseFolders = new Map<string, string>();
  for (const levelSlug of await listDirs(path.join(contentDir, "courses"))) {
    if (levels && !levels.levels.some((l) => l.slug === levelSlug))
      problems.push({ file: rel(path.join(contentDir, "courses", levelSlug)), message: `no level "${levelSlug}" in levels.yaml` });
    for (const courseDir of await listDirs(path.join(contentDir, "courses", levelSlug))) {
      const dir = path.join(contentDir, "courses", levelSlug, courseDir);
      if (!courseFolders.has(courseDir)) courseFolders.set(courseDir, levelSlug);
      const coursePath = path.join(dir, "course.md");
      if (!existsSync(coursePath)) {
        problems.push({ file: rel(coursePath), message: "the file is missing" });
        continue;
      }
      const courseText = await readFile(coursePath, "utf8");
      const split = splitFrontMatter(courseText);
      if (!split) {
        problems.push({ file: rel(coursePath), line: 1, message: "front matter between --- lines is missing" });
        continue;
      }
      const frontMatter = parseYaml(split.yaml, courseFrontMatterSchema, rel(coursePath), 1, problems);
      if (!frontMatter) continue;
      if (frontMatter.slug !== courseDir)
        problems.push({ file: rel(coursePath), line: 2, field: "slug", message: `slug "${frontMatter.slug}" differs from its folder "${courseDir}"` });
      const previous = courseSlugs.get(frontMatter.slug);
      if (previous)
        problems.push({ file: rel(coursePath), field: "slug", message: `duplicate slug "${frontMatter.slug}" (also in ${previous})` });
      courseSlugs.set(frontMatter.slug, rel(coursePath));
      checkImages(split.body, rel(coursePath), split.bodyStartLine, publicDir, problems);

      const lessons: LoadedLesson[] = [];
      const entries = (await readdir(dir)).filter((f) => f !== "course.md" && f.endsWith(".md")).sort();
      const positions = new Set<number>();
      for (const name of entries) {
        const lessonPath = path.join(dir, name);
        const match = LESSON_FILE.exec(name);
        if (!match) {
          problems.push({ file: rel(lessonPath), message: "a lesson file is named NN-<slug>.md (e.g. 01-five-ways.md)" });
          continue;
        }
        const position = Number(match[1]);
        if (positions.has(position))
          problems.push({ file: rel(lessonPath), message: `two lessons are numbered ${match[1]}` });
        positions.add(position);
        const text = await readFile(lessonPath, "utf8");
        const lessonSplit = splitFrontMatter(text);
        if (!lessonSplit) {
          problems.push({ file: rel(lessonPath), line: 1, message: "front matter between --- lines is missing" });
          continue;
        }
        const lessonFront = parseYaml(lessonSplit.yaml, lessonFrontMatterSchema, rel(lessonPath), 1, problems);
        checkImages(lessonSplit.body, rel(lessonPath), lessonSplit.bodyStartLine, publicDir, problems);
        const han = countHan(lessonSplit.body);
        if (han < minLessonHan)
          problems.push({
            file: rel(lessonPath),
            line: lessonSplit.bodyStartLine,
            field: "body",
            message: `the lesson teaches ${han} Chinese characters; at least ${minLessonHan} are required`,
          });
        if (!lessonFront) continue;
        lessons.push({
          slug: match[2]!,
          position,
          file: rel(lessonPath),
          frontMatter: lessonFront,
          bodyHtml: renderMarkdown(lessonSplit.body),
          hash: sha256(text),
          source: text,
        });
      }
      if (lessons.length === 0 && entries.length === 0)
        problems.push({ file: rel(dir), message: "a course needs at least one lesson" });
      courses.push({
        slug: frontMatter.slug,
        levelSlug,
        file: rel(coursePath),
        frontMatter,
        introHtml: renderMarkdown(split.body),
        hash: sha256(courseText),
        source: courseText,
        lessons,
      });
    }
  }

  if (levels) {
    for (const [i, level] of levels.levels.entries()) {
      for (const [j, required] of level.requiredCourses.entries()) {
        const folderLevel = courseFolders.get(required);
        if (!folderLevel)
          problems.push({ file: rel(levelsPath), field: `levels.${i}.requiredCourses.${j}`, message: `no course "${required}" in content/courses/` });
        else if (folderLevel !== level.slug)
          problems.push({ file: rel(levelsPath), field: `levels.${i}.requiredCourses.${j}`, message: `course "${required}" sits under ${folderLevel}, not ${level.slug}` });
      }
      for (const [j, course] of level.certificate.continuingEducationCourses.entries())
        if (!courseFolders.has(course))
          problems.push({ file: rel(levelsPath), field: `levels.${i}.certificate.continuingEducationCourses.${j}`, message: `no course "${course}" in content/courses/` });
      for (const [j, prerequisite] of level.prerequisites.entries())
        if (!levels.levels.some((l) => l.slug === prerequisite.level))
          problems.push({ file: rel(levelsPath), field: `levels.${i}.prerequisites.${j}.level`, message: `no level "${prerequisite.level}"` });
    }
    const slugs = levels.levels.map((l) => l.slug);
    for (const s of slugs.filter((s, i) => slugs.indexOf(s) !== i))
      problems.push({ file: rel(levelsPath), field: "levels", message: `duplicate level slug "${s}"` });
  }

  const appendices = await loadAppendices(contentDir, new Set(courseFolders.keys()), problems);
  const questionTopics = await loadQuestionBank(contentDir, levels?.levels.map((l) => l.slug) ?? [], problems);

  // Every exam must be drawable from its level's bank (checked once the bank itself is valid).
  for (const [i, level] of (problems.length ? [] : levels?.levels ?? []).entries()) {
    if (!level.exam) continue;
    const draw = drawExam(levelBank(questionTopics, level.slug), level.exam.sections, seededRandom(1));
    if (!draw.ok)
      problems.push({
        file: rel(levelsPath),
        field: `levels.${i}.exam.sections.${draw.section}`,
        message: `the section draws ${draw.needed} questions; the ${level.slug} bank has ${draw.available} that fit`,
      });
  }

  if (problems.length || !levels) return { content: null, problems };
  return { content: { levels, levelsHash, levelsSource, courses, questionTopics, appendices }, problems };
}

/** A level's questions as the draw sees them. */
function levelBank(questionTopics: LoadedTopic[], levelSlug: string): BankEntry[] {
  return questionTopics
    .filter((t) => t.levelSlug === levelSlug)
    .flatMap((t) =>
      t.questions.map((q) => ({
        questionId: `${t.topic}/${q.externalId}`,
        versionId: q.hash,
        module: t.module,
        topic: t.topic,
        type: q.question.type,
        difficulty: q.question.difficulty,
        optionCounts: [],
      })),
    );
}

/** The content standard for a certification exam: every section draws from a pool this many times its draw. */
export const MIN_POOL_MULTIPLE = 3;

/**
 * Each exam section whose pool — the level's questions that fit its filters — holds fewer than `multiple` times
 * its draw, so that a candidate's repeated attempts do not keep meeting the same questions. `npm run content:check`
 * enforces it for the repository's curriculum; loading content at start does not, so a center may run a smaller bank.
 */
export function poolMarginProblems(
  content: Pick<LoadedContent, "levels" | "questionTopics">,
  multiple = MIN_POOL_MULTIPLE,
  contentDir = "content",
): ContentProblem[] {
  const file = path.relative(process.cwd(), path.join(contentDir, "levels.yaml")) || "levels.yaml";
  const problems: ContentProblem[] = [];
  for (const [i, level] of content.levels.levels.entries()) {
    if (!level.exam) continue;
    const bank = levelBank(content.questionTopics, level.slug);
    for (const [j, section] of level.exam.sections.entries()) {
      const pool = bank.filter((entry) => fitsSection(entry, section)).length;
      const needed = section.draw * multiple;
      if (pool < needed)
        problems.push({
          file,
          field: `levels.${i}.exam.sections.${j}`,
          message: `${level.slug} exam, section ${j + 1} (${section.name.zh} / ${section.name.en}): a pool of ${pool} question${pool === 1 ? "" : "s"} for a draw of ${section.draw}; at least ${needed} (${multiple} × the draw) are required`,
        });
    }
  }
  return problems;
}

export function formatProblem(p: ContentProblem) {
  return `${p.file}${p.line ? `:${p.line}` : ""}${p.field ? ` [${p.field}]` : ""}: ${p.message}`;
}
