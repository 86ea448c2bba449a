import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { stringify as stringifyYaml } from "yaml";
import type { DbOrTx } from "#db/client";
import { courses, lessons, lessonVersions, levels, levelVersions } from "#db/schema";
import { failure, fieldFailure, type Failure } from "~/utils/failure";
import { drawPool } from "./bank.server";
import type { ChangeKind, ChangeNotice } from "./change-kind";
import { drawExam, fitsSection, seededRandom } from "./draw";
import { MIN_POOL_MULTIPLE } from "./files.server";
import { levelEntryOf, levelsFileOf, levelsFileText } from "./file-text";
import { levelAt } from "./level-versions.server";
import { type LevelConfig, levelSchema } from "./schemas";

/**
 * A change to one level's rules and exam blueprint (its entry of levels.yaml): required courses, minimum study
 * hours, prerequisites, certificate validity, renewal hours, continuing-education courses; the exam's sections,
 * duration, pass mark, attempts, waiting time and review policy. One kind for both, because levels.yaml and the
 * levels table keep them as one entry. Levels are created and removed in the files only: the action is "update".
 * The target is the level's slug.
 */
export type LevelPayload = { level: LevelConfig };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const yaml = (value: unknown) => stringifyYaml(JSON.parse(JSON.stringify(value)) as unknown, { lineWidth: 0 });

async function currentRow(db: DbOrTx, slug: string) {
  const [row] = await db.select().from(levels).where(eq(levels.slug, slug));
  return row ?? null;
}

/**
 * The would-be state's problems: refusals (a course or level that does not exist, an exam that cannot be drawn
 * from the bank — the same draw `npm run content:check` tries) and warnings (a section's pool under three times its
 * draw, minimum study hours that do not match the required lessons' estimates).
 */
export async function checkLevel(db: DbOrTx, slug: string, level: LevelConfig): Promise<{ refusal: Failure | null; warnings: ChangeNotice[] }> {
  const warnings: ChangeNotice[] = [];
  const refuse = (field: string, message: string, values?: Record<string, string | number>) => ({ refusal: fieldFailure(field, message, values), warnings });
  const courseRows = await db
    .select({ id: courses.id, slug: courses.slug, levelSlug: courses.levelSlug, retiredAt: courses.retiredAt, elective: sql<boolean>`(${courses.ownerOrganizationId} is not null or ${courses.ownerRegionId} is not null)` })
    .from(courses);
  const curriculum = (s: string) => courseRows.find((c) => c.slug === s && !c.retiredAt && !c.elective);
  for (const course of level.requiredCourses) {
    const found = curriculum(course);
    if (!found) return refuse("requiredCourses", "curriculum.level.noCourse", { course });
    if (found.levelSlug !== slug) return refuse("requiredCourses", "curriculum.level.courseOfOtherLevel", { course, level: found.levelSlug });
  }
  for (const course of level.certificate.continuingEducationCourses)
    if (!curriculum(course)) return refuse("continuingEducationCourses", "curriculum.level.noCourse", { course });
  const levelSlugs = (await db.select({ slug: levels.slug }).from(levels)).map((l) => l.slug);
  for (const prerequisite of level.prerequisites)
    if (prerequisite.level === slug || !levelSlugs.includes(prerequisite.level))
      return refuse("prerequisites", "curriculum.level.noPrerequisite", { level: prerequisite.level });

  if (level.exam) {
    const bank = await drawPool(db, slug);
    const draw = drawExam(bank, level.exam.sections, seededRandom(1));
    if (!draw.ok)
      return refuse(`sections[${draw.section}].draw`, "curriculum.level.infeasible", {
        section: draw.section + 1,
        needed: draw.needed,
        available: draw.available,
      });
    for (const [i, section] of level.exam.sections.entries()) {
      const pool = bank.filter((entry) => fitsSection(entry, section)).length;
      if (pool < section.draw * MIN_POOL_MULTIPLE)
        warnings.push({ message: "curriculum.level.smallPool", values: { section: i + 1, pool, draw: section.draw, needed: section.draw * MIN_POOL_MULTIPLE } });
    }
  }

  const required = courseRows.filter((c) => level.requiredCourses.includes(c.slug)).map((c) => c.id);
  const [sum] = required.length
    ? await db
        .select({ minutes: sql<number>`coalesce(sum(${lessonVersions.minutes}), 0)::int` })
        .from(lessons)
        .innerJoin(lessonVersions, and(eq(lessonVersions.lessonId, lessons.id), eq(lessonVersions.version, lessons.currentVersion)))
        .where(and(isNull(lessons.retiredAt), inArray(lessons.courseId, required)))
    : [{ minutes: 0 }];
  const minutes = Number(sum?.minutes ?? 0);
  const whole = Math.floor(minutes / 60);
  if (level.minStudyHours < whole || level.minStudyHours * 60 > minutes)
    warnings.push({ message: "curriculum.level.studyHours", values: { hours: level.minStudyHours, minutes, whole } });
  return { refusal: null, warnings };
}

export const levelChanges: ChangeKind<LevelPayload> = {
  parse(action, payload) {
    if (action !== "update") return failure("curriculum.level.updateOnly");
    const parsed = levelSchema.safeParse((payload as { level?: unknown } | null)?.level);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return fieldFailure(issue.path.join(".") || "level", "authoring.problems.schema", { field: issue.path.join(".") || "level", detail: issue.message });
    }
    return { ok: true, value: { level: parsed.data } };
  },

  async label(_db, _action, targetId, payload) {
    return `level:${targetId ?? payload.level.slug}`;
  },

  async currentVersion(db, targetId) {
    return (await currentRow(db, targetId))?.currentVersion ?? null;
  },

  async check(db, change) {
    if (!change.targetId) return { refusal: failure("authoring.problems.noTarget"), warnings: [] };
    if (change.payload.level.slug !== change.targetId) return { refusal: fieldFailure("slug", "curriculum.level.identity"), warnings: [] };
    return checkLevel(db, change.targetId, change.payload.level);
  },

  async apply(tx, change, now) {
    const slug = change.targetId!;
    const row = await currentRow(tx, slug);
    if (!row) return failure("errors.notFound");
    const { level } = change.payload;
    if (level.slug !== slug) return fieldFailure("slug", "curriculum.level.identity");
    const shared = row.config as { studyTime: unknown; certificates: unknown; lessonCompletionDefault?: unknown };
    // Stored as the sync stores it: the entry with the file-wide settings beside it.
    const config = JSON.parse(
      JSON.stringify({ ...level, studyTime: shared.studyTime, certificates: shared.certificates, lessonCompletionDefault: shared.lessonCompletionDefault }),
    ) as Record<string, unknown>;
    const version = row.currentVersion + 1;
    await tx.insert(levelVersions).values({ levelSlug: slug, version, config, origin: "app", createdAt: now });
    await tx
      .update(levels)
      .set({ config, code: level.code, nameZh: level.name.zh, nameEn: level.name.en, currentVersion: version, origin: "app", loadedAt: now })
      .where(eq(levels.slug, slug));
    // levels.yaml as it now reads: every level keeps it as its source, so the export writes it and a sync of the
    // exported file sees no change.
    const all = await tx.select({ slug: levels.slug, config: levels.config }).from(levels).orderBy(asc(levels.position));
    const source = levelsFileText(levelsFileOf(all.map((l) => l.config)));
    await tx.update(levels).set({ source, contentHash: sha256(source) });
    // The catalog lists the required courses first, in the order the rules list them.
    const own = await tx
      .select({ id: courses.id, slug: courses.slug, position: courses.position })
      .from(courses)
      .where(and(eq(courses.levelSlug, slug), isNull(courses.ownerOrganizationId), isNull(courses.ownerRegionId)));
    for (const course of own) {
      const index = level.requiredCourses.indexOf(course.slug);
      const position = index >= 0 ? index : 100;
      if (position !== course.position) await tx.update(courses).set({ position }).where(eq(courses.id, course.id));
    }
    return { ok: true, targetId: slug, version };
  },

  async snapshot(db, targetId, version) {
    const found = await levelAt(db, targetId, version);
    return found ? yaml(levelEntryOf(found.config)) : null;
  },

  render(payload) {
    return yaml(payload.level);
  },
};
