import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import type { ContentProblem } from "./problem";

/*
 * Appendices: the templates a practitioner fills in (a publicity notice, an NDA, a due-diligence checklist, a
 * 赋权 agreement outline), one Markdown file each in content/appendices/<slug>.md. They stay files: the
 * server reads content/ at every start (and refuses to start when it is invalid), so the files a course page
 * lists and the route serves are the ones content:check validated. They are not lesson text and have no
 * versions, progress or authoring workflow, so they need no table.
 */

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const APPENDIX_FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

const bilingual = (max: number) =>
  z.object({
    zh: z.string().trim().min(1, "the Chinese text is missing").max(max),
    en: z.string().trim().min(1, "the English text is missing").max(max),
  });

export const appendixFrontMatterSchema = z
  .object({
    title: bilingual(100),
    // The course whose page lists the appendix (one course; the file may be linked from others' lessons).
    course: z.string().regex(SLUG, "must be a course slug"),
    summary: bilingual(300),
  })
  .strict();
export type AppendixFrontMatter = z.infer<typeof appendixFrontMatterSchema>;

/** Appendices teach a form, not a lesson, but are still in Chinese: at least this many Chinese characters. */
export const MIN_APPENDIX_HAN_CHARACTERS = 200;

export interface LoadedAppendix {
  slug: string;
  file: string;
  frontMatter: AppendixFrontMatter;
  /** The whole file, served as it is written (front matter included, so the download names its source). */
  source: string;
}

function parse(text: string): { frontMatter: unknown; body: string; yamlError?: string } | null {
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(normalized);
  if (!match) return null;
  const doc = parseDocument(match[1] ?? "", { prettyErrors: false });
  const body = normalized.slice(match[0].length);
  if (doc.errors.length) return { frontMatter: null, body, yamlError: doc.errors[0]!.message.split("\n")[0] };
  return { frontMatter: doc.toJS(), body };
}

const hanCount = (text: string) => (text.match(/\p{Script=Han}/gu) ?? []).length;

/**
 * Reads and validates content/appendices/. `courseSlugs` are the curriculum's courses (an appendix must belong
 * to one); every problem is added to `problems` with its file and field.
 */
export async function loadAppendices(
  contentDir: string,
  courseSlugs: ReadonlySet<string>,
  problems: ContentProblem[],
): Promise<LoadedAppendix[]> {
  const dir = path.join(contentDir, "appendices");
  if (!existsSync(dir)) return [];
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  const appendices: LoadedAppendix[] = [];
  for (const name of (await readdir(dir)).filter((f) => f.endsWith(".md") && f !== "README.md").sort()) {
    const file = rel(path.join(dir, name));
    const match = APPENDIX_FILE.exec(name);
    if (!match) {
      problems.push({ file, message: "an appendix file is named <slug>.md (lower-case letters, digits, hyphens)" });
      continue;
    }
    const source = await readFile(path.join(dir, name), "utf8");
    const parsed = parse(source);
    if (!parsed) {
      problems.push({ file, line: 1, message: "front matter between --- lines is missing" });
      continue;
    }
    if (parsed.yamlError) {
      problems.push({ file, message: `YAML: ${parsed.yamlError}` });
      continue;
    }
    const result = appendixFrontMatterSchema.safeParse(parsed.frontMatter);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push({ file, field: issue.path.join(".") || undefined, message: issue.message });
      continue;
    }
    if (!courseSlugs.has(result.data.course))
      problems.push({ file, field: "course", message: `no course "${result.data.course}" in content/courses/` });
    const han = hanCount(parsed.body);
    if (han < MIN_APPENDIX_HAN_CHARACTERS)
      problems.push({
        file,
        field: "body",
        message: `the appendix has ${han} Chinese characters; at least ${MIN_APPENDIX_HAN_CHARACTERS} are required`,
      });
    appendices.push({ slug: match[1]!, file, frontMatter: result.data, source });
  }
  return appendices;
}

/** The appendices a course page lists, in file-name order. */
export async function appendicesOfCourse(courseSlug: string, contentDir = "content") {
  const appendices = await loadAppendices(contentDir, new Set([courseSlug]), []);
  return appendices
    .filter((a) => a.frontMatter.course === courseSlug)
    .map((a) => ({
      slug: a.slug,
      titleZh: a.frontMatter.title.zh,
      titleEn: a.frontMatter.title.en,
      summaryZh: a.frontMatter.summary.zh,
      summaryEn: a.frontMatter.summary.en,
    }));
}

/**
 * One appendix as a download, or null when there is none by that slug. The slug is checked before any path is
 * built, so nothing outside content/appendices/ can be named.
 */
export async function appendixDownload(slug: string, contentDir = "content") {
  if (!SLUG.test(slug) || slug.length > 80) return null;
  const filePath = path.join(contentDir, "appendices", `${slug}.md`);
  if (!existsSync(filePath)) return null;
  const source = await readFile(filePath, "utf8");
  const parsed = parse(source);
  const front = appendixFrontMatterSchema.safeParse(parsed?.frontMatter);
  if (!front.success) return null;
  return { slug, fileName: `${front.data.title.zh}.md`, asciiFileName: `${slug}.md`, text: source };
}

/** A Content-Disposition that downloads under the Chinese title, with an ASCII name for old clients (RFC 6266/5987). */
export function appendixDisposition(download: { fileName: string; asciiFileName: string }) {
  const encoded = encodeURIComponent(download.fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${download.asciiFileName}"; filename*=UTF-8''${encoded}`;
}
