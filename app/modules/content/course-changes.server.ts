import { createHash } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "#db/client";
import { courses, courseVersions, lessons, lessonVersions, levels } from "#db/schema";
import { isUuid } from "~/utils/ids";
import { failure, fieldFailure } from "~/utils/failure";
import type { ChangeKind } from "./change-kind";
import { courseFileText, markdownOf } from "./file-text";
import { renderMarkdown } from "./markdown.server";
import { courseFrontMatterSchema, type CourseFrontMatter } from "./schemas";

/**
 * A change to a course of the curriculum: create one, edit its course.md (title, module 公共知识 · 政策法规 ·
 * 实务技能 · 能力提升, summary, objectives, introduction) and the order of its lessons, or retire it. A course's
 * place among its level's courses follows the level's required courses (a level change). The target is the
 * course's id; its slug and level are its identity (the folder in content/).
 */
export type CoursePayload =
  | { levelSlug: string; course: CourseFrontMatter; intro: string; lessonOrder?: string[] }
  | { retire: true };

const payloadSchema = z.object({
  levelSlug: z.string().min(1).max(32),
  course: z.unknown(),
  intro: z.string().max(200_000).default(""),
  lessonOrder: z.array(z.string().max(80)).max(200).optional(),
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function courseRow(db: DbOrTx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(courses).where(eq(courses.id, id));
  return row ?? null;
}

async function liveLessons(db: DbOrTx, courseId: string) {
  return db
    .select({ id: lessons.id, slug: lessons.slug, position: lessons.position, currentVersion: lessons.currentVersion })
    .from(lessons)
    .where(and(eq(lessons.courseId, courseId), isNull(lessons.retiredAt)))
    .orderBy(asc(lessons.position));
}

const lessonList = (order: readonly string[]) => (order.length ? `\n# lessons\n${order.map((slug, i) => `${i + 1}. ${slug}`).join("\n")}\n` : "");

export const courseChanges: ChangeKind<CoursePayload> = {
  parse(action, payload) {
    if (action === "retire") return { ok: true, value: { retire: true } };
    const place = payloadSchema.safeParse(payload);
    if (!place.success) return failure("curriculum.course.level");
    const course = courseFrontMatterSchema.safeParse(place.data.course);
    if (!course.success) {
      const issue = course.error.issues[0]!;
      const field = issue.path.join(".") || "course";
      return fieldFailure(field, "authoring.problems.schema", { field, detail: issue.message });
    }
    return { ok: true, value: { levelSlug: place.data.levelSlug, course: course.data, intro: place.data.intro, lessonOrder: place.data.lessonOrder } };
  },

  async label(db, _action, targetId, payload) {
    if ("course" in payload) return `${payload.levelSlug}/${payload.course.slug}`;
    const row = targetId ? await courseRow(db, targetId) : null;
    return row ? `${row.levelSlug}/${row.slug}` : "—";
  },

  async currentVersion(db, targetId) {
    return (await courseRow(db, targetId))?.currentVersion ?? null;
  },

  async check(db, change) {
    const none = { refusal: null, warnings: [] };
    if (change.action === "retire") {
      const row = await courseRow(db, change.targetId ?? "");
      if (!row) return none;
      if (row.ownerOrganizationId || row.ownerRegionId) return { refusal: failure("curriculum.course.elective"), warnings: [] };
      // A course the rules name cannot go: the level's rules are changed first.
      for (const level of await db.select({ slug: levels.slug, config: levels.config }).from(levels)) {
        const config = level.config as { requiredCourses: string[]; certificate: { continuingEducationCourses?: string[] } };
        if (config.requiredCourses.includes(row.slug) || config.certificate.continuingEducationCourses?.includes(row.slug))
          return { refusal: failure("curriculum.course.inRules", { level: level.slug }), warnings: [] };
      }
      return none;
    }
    if (!("course" in change.payload)) return { refusal: failure("curriculum.course.level"), warnings: [] };
    const { levelSlug, course, lessonOrder } = change.payload;
    const [level] = await db.select({ slug: levels.slug }).from(levels).where(eq(levels.slug, levelSlug));
    if (!level) return { refusal: fieldFailure("levelSlug", "curriculum.course.level"), warnings: [] };
    if (change.action === "create") {
      const [taken] = await db.select({ id: courses.id }).from(courses).where(eq(courses.slug, course.slug));
      return taken ? { refusal: fieldFailure("slug", "curriculum.course.slugTaken", { slug: course.slug }), warnings: [] } : none;
    }
    const row = await courseRow(db, change.targetId ?? "");
    if (!row) return { refusal: failure("errors.notFound"), warnings: [] };
    // Electives are their center's or region's (electives.server.ts), not the curriculum's.
    if (row.ownerOrganizationId || row.ownerRegionId) return { refusal: failure("curriculum.course.elective"), warnings: [] };
    if (row.slug !== course.slug || row.levelSlug !== levelSlug) return { refusal: fieldFailure("slug", "curriculum.course.identity"), warnings: [] };
    if (lessonOrder) {
      const live = (await liveLessons(db, row.id)).map((l) => l.slug);
      if (lessonOrder.length !== live.length || [...lessonOrder].sort().join("\n") !== [...live].sort().join("\n"))
        return { refusal: fieldFailure("lessonOrder", "curriculum.course.lessonOrder"), warnings: [] };
    }
    return none;
  },

  async apply(tx, change, now) {
    if (change.action === "retire") {
      const row = await courseRow(tx, change.targetId!);
      if (!row) return failure("errors.notFound");
      // Retired, never deleted: enrolments and progress keep their meaning. Marked as the app's, so that a sync
      // from files (at every start) keeps it retired.
      await tx.update(courses).set({ retiredAt: now, origin: "app" }).where(eq(courses.id, row.id));
      return { ok: true, targetId: row.id, version: row.currentVersion };
    }
    if (!("course" in change.payload)) return failure("curriculum.course.level");
    const { levelSlug, course, intro, lessonOrder } = change.payload;
    // The file an export writes; its SHA-256 is the content hash, so a sync of that file sees no change.
    const source = courseFileText(course, intro);
    const values = {
      module: course.module,
      titleZh: course.title.zh,
      titleEn: course.title.en,
      summaryZh: course.summary.zh,
      summaryEn: course.summary.en,
      objectives: course.objectives,
      sequential: course.sequential ?? false,
      introHtml: renderMarkdown(intro),
      contentHash: sha256(source),
      source,
      origin: "app" as const,
      loadedAt: now,
    };
    if (change.action === "create") {
      const [level] = await tx.select({ config: levels.config }).from(levels).where(eq(levels.slug, levelSlug));
      if (!level) return fieldFailure("levelSlug", "curriculum.course.level");
      const [taken] = await tx.select({ id: courses.id }).from(courses).where(eq(courses.slug, course.slug));
      if (taken) return fieldFailure("slug", "curriculum.course.slugTaken", { slug: course.slug });
      const index = (level.config as { requiredCourses: string[] }).requiredCourses.indexOf(course.slug);
      const [created] = await tx
        .insert(courses)
        .values({ slug: course.slug, levelSlug, position: index >= 0 ? index : 100, currentVersion: 1, ...values })
        .returning({ id: courses.id });
      await tx.insert(courseVersions).values({ courseId: created!.id, version: 1, source, lessonOrder: [], origin: "app", createdAt: now });
      return { ok: true, targetId: created!.id, version: 1 };
    }
    const row = await courseRow(tx, change.targetId!);
    if (!row) return failure("errors.notFound");
    if (row.slug !== course.slug || row.levelSlug !== levelSlug) return fieldFailure("slug", "curriculum.course.identity");
    const live = await liveLessons(tx, row.id);
    const order = lessonOrder ?? live.map((l) => l.slug);
    for (const [i, slug] of order.entries()) {
      const lesson = live.find((l) => l.slug === slug);
      if (!lesson) return fieldFailure("lessonOrder", "curriculum.course.lessonOrder");
      if (lesson.position === i + 1) continue;
      await tx.update(lessons).set({ position: i + 1 }).where(eq(lessons.id, lesson.id));
      // Moved in the app: a sync keeps the app's order (lessons whose current version is the app's are left alone).
      await tx
        .update(lessonVersions)
        .set({ origin: "app" })
        .where(and(eq(lessonVersions.lessonId, lesson.id), eq(lessonVersions.version, lesson.currentVersion)));
    }
    const version = row.currentVersion + 1;
    await tx.update(courses).set({ ...values, currentVersion: version, retiredAt: null }).where(eq(courses.id, row.id));
    await tx.insert(courseVersions).values({ courseId: row.id, version, source, lessonOrder: order, origin: "app", createdAt: now });
    return { ok: true, targetId: row.id, version };
  },

  async snapshot(db, targetId, version) {
    const row = await courseRow(db, targetId);
    if (!row) return null;
    const [stored] = await db
      .select()
      .from(courseVersions)
      .where(and(eq(courseVersions.courseId, targetId), eq(courseVersions.version, version ?? row.currentVersion)));
    if (stored) return `${stored.source}${lessonList(stored.lessonOrder)}`;
    // A course written before versions were kept (an elective) has only its current text.
    return `${row.source ?? ""}${lessonList((await liveLessons(db, targetId)).map((l) => l.slug))}`;
  },

  render(payload) {
    return "course" in payload ? `${courseFileText(payload.course, payload.intro)}${lessonList(payload.lessonOrder ?? [])}` : "";
  },
};

/** A course as its editor opens it: the front matter, the introduction's Markdown and the lessons in order. */
export async function courseForEditor(db: DbOrTx, id: string) {
  const row = await courseRow(db, id);
  if (!row) return null;
  const allLessons = await db
    .select({ id: lessons.id, slug: lessons.slug, position: lessons.position, retiredAt: lessons.retiredAt, titleZh: lessonVersions.titleZh, titleEn: lessonVersions.titleEn, version: lessons.currentVersion })
    .from(lessons)
    .innerJoin(lessonVersions, and(eq(lessonVersions.lessonId, lessons.id), eq(lessonVersions.version, lessons.currentVersion)))
    .where(eq(lessons.courseId, id))
    .orderBy(asc(lessons.position));
  return {
    id: row.id,
    slug: row.slug,
    levelSlug: row.levelSlug,
    module: row.module,
    titleZh: row.titleZh,
    titleEn: row.titleEn,
    summaryZh: row.summaryZh,
    summaryEn: row.summaryEn,
    objectives: row.objectives,
    sequential: row.sequential,
    intro: row.source ? markdownOf(row.source) : "",
    version: row.currentVersion,
    retired: row.retiredAt !== null,
    elective: row.ownerOrganizationId !== null || row.ownerRegionId !== null,
    lessons: allLessons.map((l) => ({ ...l, retired: l.retiredAt !== null })),
  };
}
