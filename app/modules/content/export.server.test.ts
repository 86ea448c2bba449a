import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import { courses, lessons, lessonVersions, levels, questionVersions } from "#db/schema";
import { fixtureFiles, writeContent } from "../../../tests/setup/content-fixture";
import { makeOrganization, makeRegion } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { exportContent } from "./export.server";
import { lessonFileText, markdownOf } from "./file-text";
import { loadContent, type LoadedContent } from "./files.server";
import { syncContent } from "./sync.server";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tma-export-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function fixture(files: Record<string, string | null>) {
  const dirs = await writeContent(files);
  cleanups.push(dirs.cleanup);
  const { content, problems } = await loadContent(dirs.contentDir, dirs.publicDir, 0);
  expect(problems).toEqual([]);
  return { content: content!, dirs };
}

/** What a content tree means, without where it was read from. */
function meaning(content: LoadedContent) {
  return {
    levels: content.levels,
    courses: content.courses.map((c) => ({
      slug: c.slug,
      levelSlug: c.levelSlug,
      frontMatter: c.frontMatter,
      introHtml: c.introHtml,
      lessons: c.lessons.map((l) => ({ slug: l.slug, position: l.position, frontMatter: l.frontMatter, bodyHtml: l.bodyHtml })),
    })),
    topics: content.questionTopics.map((t) => ({ ...t, file: undefined, source: undefined, questions: t.questions.map((q) => q.question) })),
  };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("content export", () => {
  test("what was changed in the app is written in the same format, and reads back to the same curriculum", async () => {
    const d = await db();
    const { content } = await fixture(fixtureFiles());
    await syncContent(d, content);
    // As if every question and the level rules had been published in the app: the files are made from the database.
    await d.update(questionVersions).set({ origin: "app" });
    await d.update(levels).set({ origin: "app" });

    const out = await tempDir();
    await exportContent(d, path.join(out, "content"));
    const { content: back, problems } = await loadContent(path.join(out, "content"), path.join(out, "public"), 0);
    expect(problems).toEqual([]);
    expect(meaning(back!)).toEqual(meaning(content));
    // The next tests of this file start from files again.
    await d.update(questionVersions).set({ origin: "file" });
    await d.update(levels).set({ origin: "file" });
  });
});

describe("a sync from files never overwrites what was published in the app", () => {
  test("a conflicting file is reported and not applied; the rest of the sync goes on; the export resolves it", async () => {
    const d = await db();
    const files = fixtureFiles();
    const { content } = await fixture(files);
    await syncContent(d, content);

    // An editor publishes a new version of a lesson in the app.
    const [lesson] = await d.select().from(lessons).where(eq(lessons.slug, "five-ways"));
    const loaded = content.courses[0]!.lessons[0]!;
    const source = lessonFileText(loaded.frontMatter, `${markdownOf(loaded.source)}\n应用内补充的一段。\n`);
    await d.insert(lessonVersions).values({
      lessonId: lesson!.id,
      version: 2,
      titleZh: loaded.frontMatter.title.zh,
      titleEn: loaded.frontMatter.title.en,
      minutes: loaded.frontMatter.minutes,
      bodyHtml: "<p>应用内补充的一段。</p>",
      selfCheck: loaded.frontMatter.selfCheck,
      contentHash: sha256(source),
      source,
      origin: "app",
    });
    await d.update(lessons).set({ currentVersion: 2 }).where(eq(lessons.id, lesson!.id));
    // And an elective a center made in the app, which has no file (and is the center's, not the curriculum's).
    const center = await makeOrganization(d, (await makeRegion(d)).id);
    await d.insert(courses).values({
      ownerOrganizationId: center.id,
      slug: "local-policy",
      levelSlug: "junior",
      module: "政策法规",
      position: 100,
      titleZh: "本省政策",
      titleEn: "Local policy",
      summaryZh: "简介",
      summaryEn: "Summary",
      objectives: ["了解"],
      introHtml: "",
      contentHash: "x",
      origin: "app",
    });

    // Meanwhile someone edits the same lesson's file, and another lesson's.
    const edited = { ...files };
    edited["content/courses/junior/law/01-five-ways.md"] = files["content/courses/junior/law/01-five-ways.md"]!.replace("基本概念", "基本概念与案例");
    edited["content/courses/junior/law/02-rewards.md"] = files["content/courses/junior/law/02-rewards.md"]!.replace("基本概念", "奖励比例");
    const summary = await syncContent(d, (await fixture(edited)).content);
    expect(summary.conflicts).toEqual(["lesson:law/five-ways"]);
    expect(summary.changed).toEqual(["lesson:law/rewards"]);
    expect(summary.retired).toEqual([]);
    const [kept] = await d
      .select({ version: lessons.currentVersion, html: lessonVersions.bodyHtml })
      .from(lessons)
      .innerJoin(lessonVersions, and(eq(lessonVersions.lessonId, lessons.id), eq(lessonVersions.version, lessons.currentVersion)))
      .where(eq(lessons.id, lesson!.id));
    expect(kept).toEqual({ version: 2, html: "<p>应用内补充的一段。</p>" });
    const [local] = await d.select().from(courses).where(eq(courses.slug, "local-policy"));
    expect(local!.retiredAt).toBeNull();

    // The body exports the app's state into its files: the next sync finds nothing to apply and no conflict.
    const { dirs } = await fixture(edited);
    await exportContent(d, dirs.contentDir);
    const { content: exported } = await loadContent(dirs.contentDir, dirs.publicDir, 0);
    expect(await syncContent(d, exported!)).toEqual({ added: [], changed: [], retired: [] });
  });

  test("a question published in the app is not overwritten or retired by the files", async () => {
    const d = await db();
    const files = fixtureFiles();
    const { content } = await fixture(files);
    await syncContent(d, content);
    await d.update(questionVersions).set({ origin: "app", contentHash: "edited-in-the-app" });
    const edited = { ...files };
    edited["content/questions/junior/law.yaml"] = files["content/questions/junior/law.yaml"]!.replace("技术合同有几类？", "技术合同共有几类？");
    const summary = await syncContent(d, (await fixture(edited)).content);
    expect(summary.conflicts).toContain("question:junior/law/law-001");
    expect(summary.changed).toEqual([]);
    expect(summary.retired).toEqual([]);
  });
});
