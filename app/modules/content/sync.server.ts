import { and, eq, isNull, notInArray } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { contentSyncs, courses, courseVersions, lessons, lessonVersions, levels, levelVersions, questions, questionTopics, questionVersions } from "#db/schema";
import { canonical } from "./question-input";
import { splitQuestion } from "./question-parts";
import type { LoadedContent } from "./files.server";
import type { LoadedTopic } from "./questions.server";

export interface SyncSummary {
  added: string[];
  changed: string[];
  retired: string[];
  /**
   * Items whose current version was published in the app and differs from the file: not applied. Present
   * only when there is one. Export the app's state (npm run content:export) to bring the files up to date.
   */
  conflicts?: string[];
}

/**
 * Loads validated content into the database in one transaction. Idempotent: unchanged files change
 * nothing; a changed lesson gets a new version (progress stays with the lesson); a lesson or course
 * whose file is gone is retired, never deleted. What was published in the app is never overwritten: a file
 * that differs from an app-made version is reported in `conflicts` and not applied, and an item made in
 * the app (an elective, a new lesson) is not retired for having no file.
 */
export async function syncContent(db: DbOrTx, content: LoadedContent, now = new Date()): Promise<SyncSummary> {
  const summary: SyncSummary = { added: [], changed: [], retired: [] };
  const conflicts: string[] = [];
  await db.transaction(async (tx) => {
    const existingLevels = await tx
      .select({ slug: levels.slug, hash: levels.contentHash, source: levels.source, origin: levels.origin, config: levels.config, version: levels.currentVersion })
      .from(levels);
    const appRequired = new Map<string, string[]>();
    for (const [position, level] of content.levels.levels.entries()) {
      // The file-wide settings travel with each level; the lesson rule's default keeps its own key, as a level may override it.
      const config = {
        ...level,
        studyTime: content.levels.studyTime,
        certificates: content.levels.certificates,
        lessonCompletionDefault: content.levels.lessonCompletion,
      };
      const existing = existingLevels.find((l) => l.slug === level.slug);
      const values = {
        code: level.code,
        position,
        nameZh: level.name.zh,
        nameEn: level.name.en,
        config,
        contentHash: content.levelsHash,
        loadedAt: now,
        source: content.levelsSource,
        origin: "file" as const,
      };
      if (!existing) {
        await tx.insert(levels).values({ slug: level.slug, ...values });
        await tx.insert(levelVersions).values({ levelSlug: level.slug, version: 1, config, createdAt: now });
        summary.added.push(`level:${level.slug}`);
      } else if (existing.hash !== content.levelsHash && existing.origin === "app") {
        conflicts.push(`level:${level.slug}`);
        // Its courses keep the order of the rules published in the app.
        appRequired.set(level.slug, (existing.config as { requiredCourses: string[] }).requiredCourses);
      } else if (existing.hash !== content.levelsHash) {
        // Another level's edit changes the file's hash too; only a changed entry is a new version of this level.
        // (Compared as stored: JSON drops undefined keys and writes dates as text.)
        const changed = canonical(existing.config) !== canonical(JSON.parse(JSON.stringify(config)));
        const version = changed ? existing.version + 1 : existing.version;
        await tx.update(levels).set({ ...values, currentVersion: version }).where(eq(levels.slug, level.slug));
        if (changed) await tx.insert(levelVersions).values({ levelSlug: level.slug, version, config, createdAt: now });
        summary.changed.push(`level:${level.slug}`);
      } else if (existing.source === null) {
        // Installs from before sources were kept get them on the next sync (not a change).
        await tx.update(levels).set({ source: content.levelsSource }).where(eq(levels.slug, level.slug));
      }
    }

    const existingCourses = await tx.select().from(courses);
    for (const course of content.courses) {
      const level = content.levels.levels.find((l) => l.slug === course.levelSlug);
      const requiredIndex = (appRequired.get(course.levelSlug) ?? level?.requiredCourses)?.indexOf(course.slug) ?? -1;
      const values = {
        levelSlug: course.levelSlug,
        module: course.frontMatter.module,
        // Required courses first, in the order levels.yaml lists them.
        position: requiredIndex >= 0 ? requiredIndex : 100,
        titleZh: course.frontMatter.title.zh,
        titleEn: course.frontMatter.title.en,
        summaryZh: course.frontMatter.summary.zh,
        summaryEn: course.frontMatter.summary.en,
        objectives: course.frontMatter.objectives,
        sequential: course.frontMatter.sequential ?? false,
        introHtml: course.introHtml,
        contentHash: course.hash,
        source: course.source,
        origin: "file" as const,
      };
      let row = existingCourses.find((c) => c.slug === course.slug);
      if (!row) {
        [row] = await tx.insert(courses).values({ slug: course.slug, ...values, loadedAt: now }).returning();
        await tx.insert(courseVersions).values({ courseId: row!.id, version: 1, source: course.source, lessonOrder: lessonOrderOf(course), createdAt: now });
        summary.added.push(`course:${course.slug}`);
      } else if (row.origin === "app" && (row.contentHash !== course.hash || row.retiredAt)) {
        conflicts.push(`course:${course.slug}`);
      } else if (row.contentHash !== course.hash || row.retiredAt || row.position !== values.position) {
        const version = row.contentHash !== course.hash ? row.currentVersion + 1 : row.currentVersion;
        await tx.update(courses).set({ ...values, loadedAt: now, retiredAt: null, currentVersion: version }).where(eq(courses.id, row.id));
        if (version !== row.currentVersion)
          await tx.insert(courseVersions).values({ courseId: row.id, version, source: course.source, lessonOrder: lessonOrderOf(course), createdAt: now });
        summary.changed.push(`course:${course.slug}`);
      } else if (row.source === null) {
        await tx.update(courses).set({ source: course.source }).where(eq(courses.id, row.id));
      }
      if (!row) throw new Error("course insert returned no row");
      await syncLessons(tx, row.id, course, summary, conflicts, now);
    }

    const keptSlugs = content.courses.map((c) => c.slug);
    // Only what came from files leaves with its file; courses made in the app (electives included) stay.
    const gone = await tx
      .update(courses)
      .set({ retiredAt: now })
      .where(
        and(
          isNull(courses.retiredAt),
          eq(courses.origin, "file"),
          keptSlugs.length ? notInArray(courses.slug, keptSlugs) : undefined,
        ),
      )
      .returning({ id: courses.id, slug: courses.slug });
    for (const course of gone) {
      await tx.update(lessons).set({ retiredAt: now }).where(and(eq(lessons.courseId, course.id), isNull(lessons.retiredAt)));
      summary.retired.push(`course:${course.slug}`);
    }

    await syncQuestionBank(tx, content.questionTopics, summary, conflicts, now);

    if (summary.added.length + summary.changed.length + summary.retired.length > 0)
      await tx.insert(contentSyncs).values({ summary, createdAt: now });
  });
  if (conflicts.length) summary.conflicts = conflicts;
  return summary;
}

const lessonOrderOf = (course: LoadedContent["courses"][number]) =>
  [...course.lessons].sort((a, b) => a.position - b.position).map((l) => l.slug);

async function syncLessons(
  tx: DbOrTx,
  courseId: string,
  course: LoadedContent["courses"][number],
  summary: SyncSummary,
  conflicts: string[],
  now: Date,
) {
  const existing = await tx
    .select({
      id: lessons.id,
      slug: lessons.slug,
      position: lessons.position,
      currentVersion: lessons.currentVersion,
      retiredAt: lessons.retiredAt,
      hash: lessonVersions.contentHash,
      source: lessonVersions.source,
      origin: lessonVersions.origin,
    })
    .from(lessons)
    .leftJoin(lessonVersions, and(eq(lessonVersions.lessonId, lessons.id), eq(lessonVersions.version, lessons.currentVersion)))
    .where(eq(lessons.courseId, courseId));

  for (const lesson of course.lessons) {
    const fm = lesson.frontMatter;
    const version = {
      titleZh: fm.title.zh,
      titleEn: fm.title.en,
      minutes: fm.minutes,
      bodyHtml: lesson.bodyHtml,
      selfCheck: fm.selfCheck,
      contentHash: lesson.hash,
      loadedAt: now,
      source: lesson.source,
      origin: "file" as const,
    };
    const row = existing.find((l) => l.slug === lesson.slug);
    const name = `lesson:${course.slug}/${lesson.slug}`;
    if (row?.origin === "app" && row.hash !== lesson.hash) {
      conflicts.push(name);
    } else if (!row) {
      const [created] = await tx
        .insert(lessons)
        .values({ courseId, slug: lesson.slug, position: lesson.position, currentVersion: 1 })
        .returning({ id: lessons.id });
      await tx.insert(lessonVersions).values({ lessonId: created!.id, version: 1, ...version });
      summary.added.push(name);
    } else if (row.hash !== lesson.hash) {
      const next = row.currentVersion + 1;
      await tx.insert(lessonVersions).values({ lessonId: row.id, version: next, ...version });
      await tx
        .update(lessons)
        .set({ currentVersion: next, position: lesson.position, retiredAt: null })
        .where(eq(lessons.id, row.id));
      summary.changed.push(name);
    } else if (row.retiredAt || row.position !== lesson.position) {
      if (row.origin === "app") {
        // Retired or moved in the app: the app's order stands.
        if (row.retiredAt) conflicts.push(name);
        continue;
      }
      await tx.update(lessons).set({ position: lesson.position, retiredAt: null }).where(eq(lessons.id, row.id));
      summary.changed.push(name);
    } else if (row.source === null) {
      await tx
        .update(lessonVersions)
        .set({ source: lesson.source })
        .where(and(eq(lessonVersions.lessonId, row.id), eq(lessonVersions.version, row.currentVersion)));
    }
  }
  for (const row of existing) {
    if (row.retiredAt || row.origin === "app" || course.lessons.some((l) => l.slug === row.slug)) continue;
    await tx.update(lessons).set({ retiredAt: now }).where(eq(lessons.id, row.id));
    summary.retired.push(`lesson:${course.slug}/${row.slug}`);
  }
}

/** The question bank: the same rules as lessons — new versions for changed questions, retire the removed. */
async function syncQuestionBank(tx: DbOrTx, topics: LoadedTopic[], summary: SyncSummary, conflicts: string[], now: Date) {
  const existingTopics = await tx.select().from(questionTopics);
  for (const topic of topics) {
    const values = { module: topic.module, titleZh: topic.titleZh, titleEn: topic.titleEn, retiredAt: null, source: topic.source };
    const row = existingTopics.find((t) => t.levelSlug === topic.levelSlug && t.topic === topic.topic);
    if (!row) await tx.insert(questionTopics).values({ levelSlug: topic.levelSlug, topic: topic.topic, ...values });
    else if (
      row.module !== topic.module ||
      row.titleZh !== topic.titleZh ||
      row.titleEn !== topic.titleEn ||
      row.retiredAt ||
      row.source !== topic.source
    )
      await tx
        .update(questionTopics)
        .set(values)
        .where(and(eq(questionTopics.levelSlug, topic.levelSlug), eq(questionTopics.topic, topic.topic)));
  }
  for (const row of existingTopics)
    if (!row.retiredAt && !topics.some((t) => t.levelSlug === row.levelSlug && t.topic === row.topic))
      await tx
        .update(questionTopics)
        .set({ retiredAt: now })
        .where(and(eq(questionTopics.levelSlug, row.levelSlug), eq(questionTopics.topic, row.topic)));

  const existing = await tx
    .select({
      id: questions.id,
      levelSlug: questions.levelSlug,
      topic: questions.topic,
      externalId: questions.externalId,
      module: questions.module,
      currentVersion: questions.currentVersion,
      retiredAt: questions.retiredAt,
      hash: questionVersions.contentHash,
      origin: questionVersions.origin,
    })
    .from(questions)
    .leftJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)));
  const byIdentity = new Map(existing.map((q) => [`${q.levelSlug}/${q.topic}/${q.externalId}`, q]));
  const seen = new Set<string>();
  // New questions are written together after the loop: a first sync adds hundreds, one round trip each was most
  // of a fresh database's start-up.
  const toCreate: { identity: string; row: typeof questions.$inferInsert; version: Omit<typeof questionVersions.$inferInsert, "questionId" | "version"> }[] = [];
  for (const topic of topics) {
    for (const loaded of topic.questions) {
      const identity = `${topic.levelSlug}/${topic.topic}/${loaded.externalId}`;
      seen.add(identity);
      const { content: shown, key, pointsTenths } = splitQuestion(loaded.question);
      const version = {
        type: loaded.question.type,
        difficulty: loaded.question.difficulty,
        pointsTenths,
        content: shown,
        key,
        contentHash: loaded.hash,
        loadedAt: now,
      };
      const row = byIdentity.get(identity);
      if (row?.origin === "app" && row.hash !== loaded.hash) {
        conflicts.push(`question:${identity}`);
      } else if (!row) {
        toCreate.push({
          identity,
          row: { levelSlug: topic.levelSlug, topic: topic.topic, externalId: loaded.externalId, module: topic.module, currentVersion: 1 },
          version,
        });
        summary.added.push(`question:${identity}`);
      } else if (row.hash !== loaded.hash) {
        const next = row.currentVersion + 1;
        await tx.insert(questionVersions).values({ questionId: row.id, version: next, ...version });
        await tx.update(questions).set({ currentVersion: next, module: topic.module, retiredAt: null }).where(eq(questions.id, row.id));
        summary.changed.push(`question:${identity}`);
      } else if (row.retiredAt && row.origin === "app") {
        // Retired in the app (its current version marked "app"): the files do not bring it back.
        conflicts.push(`question:${identity}`);
      } else if (row.retiredAt || row.module !== topic.module) {
        await tx.update(questions).set({ module: topic.module, retiredAt: null }).where(eq(questions.id, row.id));
        summary.changed.push(`question:${identity}`);
      }
    }
  }
  for (let start = 0; start < toCreate.length; start += 500) {
    const batch = toCreate.slice(start, start + 500);
    const created = await tx
      .insert(questions)
      .values(batch.map((c) => c.row))
      .returning({ id: questions.id, levelSlug: questions.levelSlug, topic: questions.topic, externalId: questions.externalId });
    const idOf = new Map(created.map((c) => [`${c.levelSlug}/${c.topic}/${c.externalId}`, c.id]));
    await tx.insert(questionVersions).values(batch.map((c) => ({ questionId: idOf.get(c.identity)!, version: 1, ...c.version })));
  }
  for (const [identity, row] of byIdentity) {
    if (row.retiredAt || row.origin === "app" || seen.has(identity)) continue;
    await tx.update(questions).set({ retiredAt: now }).where(eq(questions.id, row.id));
    summary.retired.push(`question:${identity}`);
  }
}
