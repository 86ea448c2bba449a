import { createHash } from "node:crypto";
import { and, eq, isNull, max } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "#db/client";
import { courses, lessons, lessonVersions } from "#db/schema";
import { isUuid } from "~/utils/ids";
import { failure, fieldFailure } from "~/utils/failure";
import type { ChangeKind, ChangeNotice } from "./change-kind";
import { lessonFileText, markdownOf } from "./file-text";
import { MAX_PREVIEW_CHARACTERS, renderMarkdown } from "./markdown.server";
import { countHan, lessonFrontMatterSchema, type LessonFrontMatter, MIN_LESSON_HAN_CHARACTERS } from "./schemas";

/**
 * A change to a lesson of a curriculum course: create one (it goes after the course's last lesson; the course
 * change orders them), edit it — title, estimated minutes, the Markdown (rendered by the same sanitizing pipeline
 * as the sync and the preview) and its self-check questions — or retire it. Progress hangs on the lesson, whose
 * id never changes: a new version is what trainees read next. The target is the lesson's id.
 */
export type LessonPayload = { courseId: string; slug: string; lesson: LessonFrontMatter; markdown: string } | { retire: true };

const slugSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(80);
const payloadSchema = z.object({
  courseId: z.string().uuid(),
  slug: z.string().max(80),
  lesson: z.unknown(),
  markdown: z.string().max(MAX_PREVIEW_CHARACTERS),
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function lessonRow(db: DbOrTx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ id: lessons.id, courseId: lessons.courseId, slug: lessons.slug, position: lessons.position, currentVersion: lessons.currentVersion, retiredAt: lessons.retiredAt, courseSlug: courses.slug })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(eq(lessons.id, id));
  return row ?? null;
}

async function curriculumCourse(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ id: courses.id, slug: courses.slug, retiredAt: courses.retiredAt })
    .from(courses)
    .where(and(eq(courses.id, id), isNull(courses.ownerOrganizationId), isNull(courses.ownerRegionId)));
  return row ?? null;
}

async function versionOf(db: DbOrTx, lessonId: string, version: number) {
  const [row] = await db.select().from(lessonVersions).where(and(eq(lessonVersions.lessonId, lessonId), eq(lessonVersions.version, version)));
  return row ?? null;
}

export const lessonChanges: ChangeKind<LessonPayload> = {
  parse(action, payload) {
    if (action === "retire") return { ok: true, value: { retire: true } };
    const place = payloadSchema.safeParse(payload);
    if (!place.success) return failure("curriculum.lesson.course");
    if (!slugSchema.safeParse(place.data.slug).success) return fieldFailure("slug", "curriculum.lesson.slug");
    const lesson = lessonFrontMatterSchema.safeParse(place.data.lesson);
    if (!lesson.success) {
      const issue = lesson.error.issues[0]!;
      const field = issue.path.join(".") || "lesson";
      return fieldFailure(field, "authoring.problems.schema", { field, detail: issue.message });
    }
    return { ok: true, value: { courseId: place.data.courseId, slug: place.data.slug, lesson: lesson.data, markdown: place.data.markdown } };
  },

  async label(db, _action, targetId, payload) {
    if ("lesson" in payload) {
      const course = await curriculumCourse(db, payload.courseId);
      return `${course?.slug ?? "—"}/${payload.slug}`;
    }
    const row = targetId ? await lessonRow(db, targetId) : null;
    return row ? `${row.courseSlug}/${row.slug}` : "—";
  },

  async currentVersion(db, targetId) {
    return (await lessonRow(db, targetId))?.currentVersion ?? null;
  },

  async check(db, change) {
    const warnings: ChangeNotice[] = [];
    if (change.action === "retire" || !("lesson" in change.payload)) return { refusal: null, warnings };
    const { courseId, slug, markdown } = change.payload;
    const course = await curriculumCourse(db, courseId);
    if (!course || course.retiredAt) return { refusal: fieldFailure("courseId", "curriculum.lesson.course"), warnings };
    if (change.action === "create") {
      const [taken] = await db.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.courseId, courseId), eq(lessons.slug, slug)));
      if (taken) return { refusal: fieldFailure("slug", "curriculum.lesson.slugTaken", { slug }), warnings };
    } else {
      const row = await lessonRow(db, change.targetId ?? "");
      if (!row || row.courseId !== courseId || row.slug !== slug) return { refusal: fieldFailure("slug", "curriculum.lesson.identity"), warnings };
    }
    // The content standard `npm run content:check` holds the files to: shown, not enforced, in the app.
    const han = countHan(markdown);
    if (han < MIN_LESSON_HAN_CHARACTERS) warnings.push({ message: "curriculum.lesson.short", values: { count: han, min: MIN_LESSON_HAN_CHARACTERS } });
    return { refusal: null, warnings };
  },

  async apply(tx, change, now) {
    if (change.action === "retire") {
      const row = await lessonRow(tx, change.targetId!);
      if (!row) return failure("errors.notFound");
      await tx.update(lessons).set({ retiredAt: now }).where(eq(lessons.id, row.id));
      // Marked as the app's decision, so that a sync from files (at every start) keeps it retired.
      await tx
        .update(lessonVersions)
        .set({ origin: "app" })
        .where(and(eq(lessonVersions.lessonId, row.id), eq(lessonVersions.version, row.currentVersion)));
      return { ok: true, targetId: row.id, version: row.currentVersion };
    }
    if (!("lesson" in change.payload)) return failure("curriculum.lesson.course");
    const { courseId, slug, lesson, markdown } = change.payload;
    // The file an export writes; its SHA-256 is the content hash, so a sync of that file sees no change.
    const source = lessonFileText(lesson, markdown);
    const version = {
      titleZh: lesson.title.zh,
      titleEn: lesson.title.en,
      minutes: lesson.minutes,
      // The pipeline of the sync and the preview: what the author saw is what trainees get.
      bodyHtml: renderMarkdown(markdown),
      selfCheck: lesson.selfCheck,
      contentHash: sha256(source),
      source,
      origin: "app" as const,
      loadedAt: now,
    };
    if (change.action === "create") {
      const course = await curriculumCourse(tx, courseId);
      if (!course || course.retiredAt) return fieldFailure("courseId", "curriculum.lesson.course");
      const [taken] = await tx.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.courseId, courseId), eq(lessons.slug, slug)));
      if (taken) return fieldFailure("slug", "curriculum.lesson.slugTaken", { slug });
      const [last] = await tx.select({ position: max(lessons.position) }).from(lessons).where(and(eq(lessons.courseId, courseId), isNull(lessons.retiredAt)));
      const [created] = await tx
        .insert(lessons)
        .values({ courseId, slug, position: (last?.position ?? 0) + 1, currentVersion: 1 })
        .returning({ id: lessons.id });
      await tx.insert(lessonVersions).values({ lessonId: created!.id, version: 1, ...version });
      return { ok: true, targetId: created!.id, version: 1 };
    }
    const row = await lessonRow(tx, change.targetId!);
    if (!row) return failure("errors.notFound");
    if (row.courseId !== courseId || row.slug !== slug) return fieldFailure("slug", "curriculum.lesson.identity");
    const next = row.currentVersion + 1;
    await tx.insert(lessonVersions).values({ lessonId: row.id, version: next, ...version });
    await tx.update(lessons).set({ currentVersion: next, retiredAt: null }).where(eq(lessons.id, row.id));
    return { ok: true, targetId: row.id, version: next };
  },

  async snapshot(db, targetId, version) {
    const row = await lessonRow(db, targetId);
    if (!row) return null;
    const stored = await versionOf(db, targetId, version ?? row.currentVersion);
    if (!stored) return null;
    return stored.source ?? lessonFileText({ title: { zh: stored.titleZh, en: stored.titleEn }, minutes: stored.minutes, selfCheck: stored.selfCheck }, stored.bodyHtml);
  },

  render(payload) {
    return "lesson" in payload ? lessonFileText(payload.lesson, payload.markdown) : "";
  },
};

/** A lesson as its editor opens it: front matter and Markdown of its current version. */
export async function lessonForEditor(db: DbOrTx, id: string) {
  const row = await lessonRow(db, id);
  if (!row) return null;
  const course = await curriculumCourse(db, row.courseId);
  if (!course) return null;
  const current = await versionOf(db, id, row.currentVersion);
  if (!current) return null;
  return {
    id: row.id,
    courseId: row.courseId,
    courseSlug: row.courseSlug,
    slug: row.slug,
    position: row.position,
    version: row.currentVersion,
    retired: row.retiredAt !== null,
    titleZh: current.titleZh,
    titleEn: current.titleEn,
    minutes: current.minutes,
    selfCheck: current.selfCheck,
    markdown: current.source ? markdownOf(current.source) : "",
  };
}
