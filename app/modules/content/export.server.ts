import { existsSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { courses, lessons, lessonVersions, levels, questions, questionTopics, questionVersions } from "#db/schema";
import { joinQuestion, levelsFileOf, levelsFileText, topicFileText } from "./file-text";
import type { QuestionContent, QuestionKey } from "./question-parts";

export interface ExportSummary {
  written: string[];
  /** Files of retired items that were in the folder and are no longer part of the published state. */
  removed: string[];
}

/** The published curriculum as content/ files: relative path → text. Electives of centers and regions are theirs, not the curriculum's. */
export async function publishedFiles(db: DbOrTx): Promise<Map<string, string>> {
  const files = new Map<string, string>();

  const levelRows = await db.select().from(levels).orderBy(asc(levels.position));
  const sources = new Set(levelRows.map((l) => l.source));
  const [onlySource] = sources;
  if (levelRows.length && sources.size === 1 && onlySource && levelRows.every((l) => l.origin === "file")) files.set("levels.yaml", onlySource);
  else if (levelRows.length) files.set("levels.yaml", levelsFileText(levelsFileOf(levelRows.map((l) => l.config))));

  const courseRows = await db
    .select({ id: courses.id, slug: courses.slug, levelSlug: courses.levelSlug, source: courses.source })
    .from(courses)
    .where(and(isNull(courses.retiredAt), isNull(courses.ownerOrganizationId), isNull(courses.ownerRegionId)));
  const lessonRows = await db
    .select({ courseId: lessons.courseId, slug: lessons.slug, position: lessons.position, source: lessonVersions.source })
    .from(lessons)
    .innerJoin(lessonVersions, and(eq(lessonVersions.lessonId, lessons.id), eq(lessonVersions.version, lessons.currentVersion)))
    .where(isNull(lessons.retiredAt));
  for (const course of courseRows) {
    const dir = `courses/${course.levelSlug}/${course.slug}`;
    if (course.source === null) throw new Error(`course ${course.slug} has no source text: run npm run content:sync once first`);
    files.set(`${dir}/course.md`, course.source);
    for (const lesson of lessonRows.filter((l) => l.courseId === course.id)) {
      if (lesson.source === null) throw new Error(`lesson ${course.slug}/${lesson.slug} has no source text: run npm run content:sync once first`);
      files.set(`${dir}/${String(lesson.position).padStart(2, "0")}-${lesson.slug}.md`, lesson.source);
    }
  }

  const topicRows = await db.select().from(questionTopics).where(isNull(questionTopics.retiredAt));
  const questionRows = await db
    .select({
      levelSlug: questions.levelSlug,
      topic: questions.topic,
      externalId: questions.externalId,
      difficulty: questionVersions.difficulty,
      content: questionVersions.content,
      key: questionVersions.key,
      origin: questionVersions.origin,
      retiredAt: questions.retiredAt,
    })
    .from(questions)
    .innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)));
  for (const topic of topicRows) {
    const own = questionRows.filter((q) => q.levelSlug === topic.levelSlug && q.topic === topic.topic);
    const live = own.filter((q) => !q.retiredAt);
    if (!live.length) continue;
    const file = `questions/${topic.levelSlug}/${topic.topic}.yaml`;
    // The file as synced, while nothing of the topic was changed or retired in the app since.
    const untouched = own.every((q) => q.origin === "file") && topic.source !== null && !own.some((q) => q.retiredAt);
    if (untouched) {
      files.set(file, topic.source!);
      continue;
    }
    // Questions keep the order of the synced file; new ones follow by id.
    const order = (id: string) => {
      const at = topic.source?.indexOf(`id: ${id}\n`) ?? -1;
      return at < 0 ? Number.MAX_SAFE_INTEGER : at;
    };
    live.sort((a, b) => order(a.externalId) - order(b.externalId) || a.externalId.localeCompare(b.externalId));
    files.set(
      file,
      topicFileText(
        topic,
        live.map((q) => joinQuestion(q.externalId, q.difficulty, q.content as QuestionContent, q.key as QuestionKey)),
      ),
    );
  }
  return files;
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out;
}

/**
 * Writes the published state into `dir` in the content/ format (npm run content:export -- <dir>), and
 * removes the lesson, course and topic files there that are no longer published, so the folder can be
 * committed as it is. Other files (README.md, pictures) are left alone.
 */
export async function exportContent(db: DbOrTx, dir: string): Promise<ExportSummary> {
  const files = await publishedFiles(db);
  const summary: ExportSummary = { written: [], removed: [] };
  for (const existing of await listFiles(dir)) {
    const ours = /^courses\/.+\.md$/.test(existing) || /^questions\/.+\.yaml$/.test(existing);
    if (ours && !files.has(existing)) {
      await rm(path.join(dir, existing));
      summary.removed.push(existing);
    }
  }
  for (const [file, text] of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text, "utf8");
    summary.written.push(file);
  }
  return summary;
}
