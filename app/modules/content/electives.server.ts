import { createHash } from "node:crypto";
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { courses, lessons, lessonVersions, levels } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { requirePermission, type Membership } from "~/modules/orgs/index.server";
import { fieldFailure, type FieldFailure } from "~/utils/failure";
import { courseFileText, lessonFileText } from "./file-text";
import { renderMarkdown } from "./markdown.server";
import type { ElectiveInput } from "./elective-schema";

type Actor = { id: string; memberships: readonly Membership[] };
/** Whose elective: one training center's, or one region's (all its centers' trainees). */
export type ElectiveOwner = { centerId: string; regionId: string | null } | { regionId: string; centerId?: undefined };

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const ownerScope = (owner: ElectiveOwner) => (owner.centerId ? { centerId: owner.centerId, regionId: owner.regionId } : { regionId: owner.regionId });

/**
 * Adds an elective course with its first lesson for the trainees of a center or a region. It belongs to
 * a level (its study counts toward that level's hours and continuing education) but is never one of the
 * level's required courses, and only those trainees see it. Made in the app: a sync never retires it.
 */
export async function createElective(
  db: DbOrTx,
  actor: Actor,
  owner: ElectiveOwner,
  input: ElectiveInput,
  now = new Date(),
): Promise<{ ok: true; slug: string } | FieldFailure> {
  requirePermission(actor, "author:electives", ownerScope(owner));
  const [level] = await db.select({ slug: levels.slug }).from(levels).where(eq(levels.slug, input.levelSlug));
  if (!level) return fieldFailure("levelSlug", "electives.errors.level");
  // Slugs are global (they are folder names in content/): an elective's is made unique, never chosen.
  const slug = `elective-${sha256(`${owner.centerId ?? owner.regionId}/${now.toISOString()}/${input.titleZh}`).slice(0, 10)}`;
  const objectives = input.objectives
    .split("\n")
    .map((o) => o.trim())
    .filter(Boolean)
    .slice(0, 10);
  const courseSource = courseFileText(
    { slug, title: { zh: input.titleZh, en: input.titleEn }, module: input.module, summary: { zh: input.summaryZh, en: input.summaryEn }, objectives },
    "",
  );
  const lessonSource = lessonFileText({ title: { zh: input.lessonTitleZh, en: input.lessonTitleEn }, minutes: input.minutes, selfCheck: [] }, input.markdown);
  await db.transaction(async (tx) => {
    const [course] = await tx
      .insert(courses)
      .values({
        slug,
        levelSlug: input.levelSlug,
        module: input.module,
        // After the level's required courses.
        position: 200,
        titleZh: input.titleZh,
        titleEn: input.titleEn,
        summaryZh: input.summaryZh,
        summaryEn: input.summaryEn,
        objectives,
        introHtml: "",
        contentHash: sha256(courseSource),
        source: courseSource,
        origin: "app",
        ownerOrganizationId: owner.centerId ?? null,
        ownerRegionId: owner.centerId ? null : owner.regionId,
        loadedAt: now,
      })
      .returning({ id: courses.id });
    const [lesson] = await tx.insert(lessons).values({ courseId: course!.id, slug: "lesson-1", position: 1, currentVersion: 1 }).returning({ id: lessons.id });
    await tx.insert(lessonVersions).values({
      lessonId: lesson!.id,
      version: 1,
      titleZh: input.lessonTitleZh,
      titleEn: input.lessonTitleEn,
      minutes: input.minutes,
      // The same pipeline as the sync and the preview: what the author saw is what trainees get.
      bodyHtml: renderMarkdown(input.markdown),
      selfCheck: [],
      contentHash: sha256(lessonSource),
      source: lessonSource,
      origin: "app",
      loadedAt: now,
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "elective.create",
      targetType: "course",
      targetId: course!.id,
      after: { slug, levelSlug: input.levelSlug, titleZh: input.titleZh, owner },
    });
  });
  return { ok: true, slug };
}

/** The electives of a center (and of its region) for its staff's page; of a region alone for its admins' page. */
export async function listElectives(db: DbOrTx, actor: Actor, owner: ElectiveOwner) {
  requirePermission(actor, "author:electives", ownerScope(owner));
  const ofOwner =
    owner.centerId === undefined
      ? eq(courses.ownerRegionId, owner.regionId)
      : or(
          eq(courses.ownerOrganizationId, owner.centerId),
          owner.regionId ? eq(courses.ownerRegionId, owner.regionId) : sql`false`,
        );
  return db
    .select({
      slug: courses.slug,
      levelSlug: courses.levelSlug,
      module: courses.module,
      titleZh: courses.titleZh,
      titleEn: courses.titleEn,
      ofRegion: sql<boolean>`(${courses.ownerRegionId} is not null)`,
      lessons: sql<number>`(select count(*) from ${lessons} where ${lessons.courseId} = ${courses.id} and ${lessons.retiredAt} is null)::int`,
    })
    .from(courses)
    .where(
      and(
        isNull(courses.retiredAt),
        ofOwner,
      ),
    )
    .orderBy(asc(courses.levelSlug), asc(courses.titleZh));
}
