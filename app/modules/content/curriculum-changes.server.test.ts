import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { courses, examAttempts, lessonProgress, lessons, lessonVersions, levels } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { noneHeld, readyTrainee, t0 } from "../../../tests/setup/exam-fixture";
import { actorFor, makeOrganization, makeUser } from "../../../tests/setup/factories";
import { examOf, startAttempt, submitAttempt } from "~/modules/exams/index.server";
import { db } from "~/utils/db.server";
import { getChange, publishChange, reviewChange, saveDraft, submitChange, type SaveDraftInput } from "./changes.server";
import { courseForEditor } from "./course-changes.server";
import { openDraftOf, saveLevelDraft } from "./curriculum-editor.server";
import { exportContent } from "./export.server";
import { levelEntryOf } from "./file-text";
import { loadContent } from "./files.server";
import { lessonForEditor } from "./lesson-changes.server";
import type { LevelConfig } from "./schemas";
import { syncContent } from "./sync.server";

beforeAll(() => syncFixtureContent());

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function team() {
  const d = await db();
  const body = await makeOrganization(d, null, "certification_body");
  const editor = await actorFor(d, (await makeUser(d, { role: "content_editor", organizationId: body.id })).id);
  const reviewer = await actorFor(d, (await makeUser(d, { role: "content_reviewer", organizationId: body.id })).id);
  const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
  return { d, editor, reviewer, admin };
}

function ok<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}

async function junior() {
  const [row] = await (await db()).select().from(levels).where(eq(levels.slug, "junior"));
  return { version: row!.currentVersion, level: levelEntryOf(row!.config) as LevelConfig };
}

/** Saves, submits, approves and publishes a change by three different people. */
async function throughReview(t: Awaited<ReturnType<typeof team>>, input: SaveDraftInput) {
  const saved = ok(await saveDraft(t.d, t.editor, input));
  ok(await submitChange(t.d, t.editor, saved.change.id));
  ok(await reviewChange(t.d, t.reviewer, saved.change.id, { approve: true }));
  return ok(await publishChange(t.d, t.admin, saved.change.id));
}

describe("level rules and exam blueprints", () => {
  test("a published pass mark applies to new attempts; a running attempt keeps the rules it started under", async () => {
    const t = await team();
    const { trainee } = await readyTrainee();
    const started = ok(await startAttempt(t.d, trainee.id, "junior", { held: noneHeld, now: t0 }));
    const { version, level } = await junior();
    const [before] = await t.d.select().from(examAttempts).where(eq(examAttempts.id, started.attemptId));
    expect(before!.levelVersion).toBe(version);

    const payload = { level: { ...level, exam: { ...level.exam!, passPercent: 75, review: "answers_after_close" as const } } };
    const published = await throughReview(t, { kind: "level", action: "update", targetId: "junior", baseVersion: version, payload });
    expect(published.change).toMatchObject({ status: "published", resultVersion: version + 1 });

    expect((await examOf(t.d, "junior")).passPercent).toBe(75);
    // The attempt started before is graded by the pass mark it started under.
    expect((await examOf(t.d, "junior", before!.levelVersion)).passPercent).toBe(60);
    await submitAttempt(t.d, trainee.id, started.attemptId, new Date(t0.getTime() + 60_000));
    const [after] = await t.d.select().from(examAttempts).where(eq(examAttempts.id, started.attemptId));
    expect(after!.levelVersion).toBe(version);

    // The diff shows the old and the new pass mark.
    const view = await getChange(t.d, t.admin, published.change.id);
    expect(view.before).toContain("passPercent: 60");
    expect(view.after).toContain("passPercent: 75");
  });

  test("an exam the bank cannot fill is refused at submitting, with the section and the numbers; a small pool is a warning", async () => {
    const t = await team();
    const { version, level } = await junior();
    const sections = [{ ...level.exam!.sections[0]!, draw: 7 }];
    const saved = ok(
      await saveDraft(t.d, t.editor, { kind: "level", action: "update", targetId: "junior", baseVersion: version, payload: { level: { ...level, exam: { ...level.exam!, sections } } } }),
    );
    expect(await submitChange(t.d, t.editor, saved.change.id)).toMatchObject({
      ok: false,
      field: "sections[0].draw",
      message: "curriculum.level.infeasible",
      values: { section: 1, needed: 7, available: 6 },
    });
    const view = await getChange(t.d, t.editor, saved.change.id);
    expect(view.check.refusal).toMatchObject({ message: "curriculum.level.infeasible" });

    // Six questions for a draw of six: feasible, but under three times the draw.
    const fits = ok(
      await saveDraft(t.d, t.editor, { kind: "level", action: "update", targetId: "junior", baseVersion: version, payload: { level: { ...level, minStudyHours: 0.5 } } }),
    );
    const fitsView = await getChange(t.d, t.editor, fits.change.id);
    expect(fitsView.check.refusal).toBeNull();
    expect(fitsView.check.warnings).toContainEqual({ message: "curriculum.level.smallPool", values: { section: 1, pool: 6, draw: 6, needed: 18 } });
  });

  test("rules naming a course that does not exist are refused; the reviewer is never the author", async () => {
    const t = await team();
    const { version, level } = await junior();
    const saved = ok(
      await saveDraft(t.d, t.editor, { kind: "level", action: "update", targetId: "junior", baseVersion: version, payload: { level: { ...level, requiredCourses: ["law", "no-such-course"] } } }),
    );
    expect(await submitChange(t.d, t.editor, saved.change.id)).toMatchObject({ ok: false, message: "curriculum.level.noCourse", values: { course: "no-such-course" } });

    const own = ok(
      await saveDraft(t.d, t.reviewer, { kind: "level", action: "update", targetId: "junior", baseVersion: version, payload: { level: { ...level, certificate: { ...level.certificate, renewalHours: 12 } } } }),
    );
    ok(await submitChange(t.d, t.reviewer, own.change.id));
    expect(await reviewChange(t.d, t.reviewer, own.change.id, { approve: true })).toMatchObject({ ok: false, message: "authoring.problems.ownChange" });
    await expect(publishChange(t.d, t.reviewer, own.change.id)).rejects.toMatchObject({ status: 403 });
  });
});

describe("a returned level change", () => {
  test("reopens in its editor for its author only, is revised and resubmitted", async () => {
    const t = await team();
    const { version, level } = await junior();
    const saved = ok(
      await saveDraft(t.d, t.editor, { kind: "level", action: "update", targetId: "junior", baseVersion: version, payload: { level: { ...level, minStudyHours: 0.5 } } }),
    );
    ok(await submitChange(t.d, t.editor, saved.change.id));
    ok(await reviewChange(t.d, t.reviewer, saved.change.id, { approve: false, comment: "请同时调整续期学时。" }));
    expect(await openDraftOf(t.d, t.reviewer, saved.change.id, "level", "junior")).toBeNull();
    const reopened = (await openDraftOf<{ level: LevelConfig }>(t.d, t.editor, saved.change.id, "level", "junior"))!;
    expect(reopened).toMatchObject({ changeId: saved.change.id, revision: 1, baseVersion: version });
    const revised = ok(
      await saveLevelDraft(t.d, t.editor, "junior", {
        intent: "save",
        changeId: reopened.changeId,
        revision: reopened.revision,
        baseVersion: reopened.baseVersion,
        requiredCourses: reopened.payload.level.requiredCourses.join("\n"),
        minStudyHours: 0.5,
        prerequisites: [],
        validityYears: 3,
        renewalHours: 20,
        continuingEducationCourses: [],
        durationMinutes: 60,
        passPercent: 60,
        attemptLimit: 2,
        waitHoursBetweenAttempts: 24,
        review: "score",
        sections: [{ nameZh: "全部题目", nameEn: "All questions", draw: 6, types: [], topics: [] }],
      }),
    );
    expect(revised.change).toMatchObject({ id: saved.change.id, revision: 2, status: "draft" });
    expect(revised.change.payload).toMatchObject({ level: { certificate: { renewalHours: 20 }, exam: { sections: [{ draw: 6 }] } } });
    expect(ok(await submitChange(t.d, t.editor, saved.change.id)).change.status).toBe("submitted");
  });
});

describe("courses and lessons", () => {
  test("a lesson edit is a new version of the same lesson: progress stays with it", async () => {
    const t = await team();
    const [lesson] = await t.d.select().from(lessons).where(eq(lessons.slug, "rewards"));
    const { trainee } = await readyTrainee();
    const progressBefore = await t.d.select().from(lessonProgress).where(and(eq(lessonProgress.userId, trainee.id), eq(lessonProgress.lessonId, lesson!.id)));
    expect(progressBefore.length).toBe(1);

    const open = (await lessonForEditor(t.d, lesson!.id))!;
    const payload = {
      courseId: open.courseId,
      slug: open.slug,
      lesson: { title: { zh: "奖励与报酬（修订）", en: "Rewards (revised)" }, minutes: 25, selfCheck: open.selfCheck },
      markdown: `${open.markdown}\n新增一段说明。<script>alert(1)</script>\n`,
    };
    const published = await throughReview(t, { kind: "lesson", action: "update", targetId: lesson!.id, baseVersion: open.version, payload });
    expect(published.change.resultVersion).toBe(open.version + 1);
    const [version] = await t.d
      .select()
      .from(lessonVersions)
      .where(and(eq(lessonVersions.lessonId, lesson!.id), eq(lessonVersions.version, open.version + 1)));
    expect(version).toMatchObject({ titleZh: "奖励与报酬（修订）", minutes: 25, origin: "app" });
    // The same sanitizing pipeline as the sync and the preview.
    expect(version!.bodyHtml).toContain("新增一段说明。");
    expect(version!.bodyHtml).not.toContain("<script");
    const progressAfter = await t.d.select().from(lessonProgress).where(and(eq(lessonProgress.userId, trainee.id), eq(lessonProgress.lessonId, lesson!.id)));
    expect(progressAfter).toEqual(progressBefore);
  });

  test("create a course and a lesson, reorder lessons, retire: the export writes them and a sync keeps them", async () => {
    const t = await team();
    const created = await throughReview(t, {
      kind: "course",
      action: "create",
      payload: {
        levelSlug: "junior",
        course: { slug: "local-practice", title: { zh: "地方实践", en: "Local practice" }, module: "实务技能", summary: { zh: "简介。", en: "Summary." }, objectives: ["了解地方做法"] },
        intro: "课程介绍。",
      },
    });
    const courseId = created.change.targetId!;
    for (const [slug, title] of [
      ["first-steps", "第一步"],
      ["second-steps", "第二步"],
    ] as const)
      await throughReview(t, {
        kind: "lesson",
        action: "create",
        payload: { courseId, slug, lesson: { title: { zh: title, en: slug }, minutes: 15, selfCheck: [{ question: "对吗？", options: ["对", "错"], answer: 0, explanation: "因为如此。" }] }, markdown: `## ${title}\n本课时讲解地方实践。\n` },
      });
    const course = (await courseForEditor(t.d, courseId))!;
    expect(course.lessons.map((l) => [l.slug, l.position])).toEqual([
      ["first-steps", 1],
      ["second-steps", 2],
    ]);
    // Reordered through the course, in the same change as its new title.
    await throughReview(t, {
      kind: "course",
      action: "update",
      targetId: courseId,
      baseVersion: course.version,
      payload: {
        levelSlug: "junior",
        course: { slug: "local-practice", title: { zh: "地方实践（新）", en: "Local practice" }, module: "实务技能", summary: { zh: "简介。", en: "Summary." }, objectives: ["了解地方做法"] },
        intro: "课程介绍。",
        lessonOrder: ["second-steps", "first-steps"],
      },
    });
    const reordered = (await courseForEditor(t.d, courseId))!;
    expect(reordered.titleZh).toBe("地方实践（新）");
    expect(reordered.lessons.map((l) => [l.slug, l.position])).toEqual([
      ["second-steps", 1],
      ["first-steps", 2],
    ]);
    // A lesson order that is not the course's lessons is refused.
    const wrong = ok(
      await saveDraft(t.d, t.editor, {
        kind: "course",
        action: "update",
        targetId: courseId,
        baseVersion: reordered.version,
        payload: { levelSlug: "junior", course: { slug: "local-practice", title: { zh: "x", en: "x" }, module: "实务技能", summary: { zh: "x", en: "x" }, objectives: ["x"] }, intro: "", lessonOrder: ["first-steps"] },
      }),
    );
    expect(await submitChange(t.d, t.editor, wrong.change.id)).toMatchObject({ ok: false, field: "lessonOrder" });

    // The export writes the course and its lessons in the content/ format, and they read back.
    const out = await mkdtemp(path.join(os.tmpdir(), "tma-curriculum-"));
    cleanups.push(() => rm(out, { recursive: true, force: true }));
    await exportContent(t.d, path.join(out, "content"));
    const courseFile = await readFile(path.join(out, "content/courses/junior/local-practice/course.md"), "utf8");
    expect(courseFile).toContain("地方实践（新）");
    expect(await readFile(path.join(out, "content/courses/junior/local-practice/01-second-steps.md"), "utf8")).toContain("第二步");
    const { content, problems } = await loadContent(path.join(out, "content"), path.join(out, "public"), 0);
    expect(problems).toEqual([]);
    expect(content!.courses.find((c) => c.slug === "local-practice")!.lessons.map((l) => l.slug)).toEqual(["second-steps", "first-steps"]);

    // Retiring a course the rules require is refused; another is retired, and a sync from the files keeps it so.
    const [law] = await t.d.select().from(courses).where(eq(courses.slug, "law"));
    const lawRetire = ok(await saveDraft(t.d, t.editor, { kind: "course", action: "retire", targetId: law!.id, baseVersion: law!.currentVersion, payload: {} }));
    expect(await submitChange(t.d, t.editor, lawRetire.change.id)).toMatchObject({ ok: false, message: "curriculum.course.inRules", values: { level: "junior" } });
    await throughReview(t, { kind: "course", action: "retire", targetId: courseId, baseVersion: reordered.version, payload: {} });
    await syncFixtureContent();
    const [retired] = await t.d.select().from(courses).where(eq(courses.id, courseId));
    expect(retired!.retiredAt).not.toBeNull();
  });

  test("after publishing a level and a lesson, the export reads back to the published state and the next sync changes nothing", async () => {
    const t = await team();
    const { version, level } = await junior();
    await throughReview(t, {
      kind: "level",
      action: "update",
      targetId: "junior",
      baseVersion: version,
      payload: { level: { ...level, certificate: { ...level.certificate, renewalHours: 14 } } },
    });
    const [lesson] = await t.d.select().from(lessons).where(eq(lessons.slug, "five-ways"));
    const open = (await lessonForEditor(t.d, lesson!.id))!;
    await throughReview(t, {
      kind: "lesson",
      action: "update",
      targetId: lesson!.id,
      baseVersion: open.version,
      payload: { courseId: open.courseId, slug: open.slug, lesson: { title: { zh: open.titleZh, en: open.titleEn }, minutes: open.minutes, selfCheck: open.selfCheck }, markdown: "## 五种方式\n应用内改写的课时。\n" },
    });
    const out = await mkdtemp(path.join(os.tmpdir(), "tma-curriculum-"));
    cleanups.push(() => rm(out, { recursive: true, force: true }));
    await exportContent(t.d, path.join(out, "content"));
    expect(await readFile(path.join(out, "content/levels.yaml"), "utf8")).toContain("renewalHours: 14");
    expect(await readFile(path.join(out, "content/courses/junior/law/01-five-ways.md"), "utf8")).toContain("应用内改写的课时。");
    const { content, problems } = await loadContent(path.join(out, "content"), path.join(out, "public"), 0);
    expect(problems).toEqual([]);
    const summary = await syncContent(t.d, content!);
    expect(summary.conflicts).toBeUndefined();
    expect(summary.changed.filter((c) => c.startsWith("lesson:") || c === "level:junior")).toEqual([]);
  });
});
