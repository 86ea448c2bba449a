import { eq } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import { contentSyncs, lessonProgress, lessons, lessonVersions } from "#db/schema";
import { fixtureFiles, writeContent } from "../../../tests/setup/content-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { enrol, openLesson } from "~/modules/learning/index.server";
import { loadContent } from "./files.server";
import { syncContent } from "./sync.server";

const cleanups: (() => Promise<void>)[] = [];
// A new trainee holds no level (the fixture's junior courses need none).
const holdsNothing = new Set<string>();
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function load(files: Record<string, string | null>) {
  const dirs = await writeContent(files);
  cleanups.push(dirs.cleanup);
  const { content, problems } = await loadContent(dirs.contentDir, dirs.publicDir, 0);
  expect(problems).toEqual([]);
  return content!;
}

describe("content sync", () => {
  test("is idempotent, versions a changed lesson, keeps progress with it, and retires a removed one", async () => {
    const d = await db();
    const files = fixtureFiles();
    const first = await syncContent(d, await load(files));
    expect(first.added).toContain("lesson:law/five-ways");

    // Unchanged files change nothing, not even the sync log.
    const syncsBefore = (await d.select().from(contentSyncs)).length;
    expect(await syncContent(d, await load(files))).toEqual({ added: [], changed: [], retired: [] });
    expect((await d.select().from(contentSyncs)).length).toBe(syncsBefore);

    // A trainee studies the lesson.
    const trainee = await makeUser(d, { role: "trainee" });
    await enrol(d, trainee.id, "law", holdsNothing);
    const opened = await openLesson(d, trainee.id, "law", "five-ways", holdsNothing);
    if (!opened.enrolled) throw new Error("not enrolled");
    expect(opened.lesson.version).toBe(1);

    // The lesson changes: a new version, the same lesson, the progress still there.
    const changed = { ...files };
    changed["content/courses/junior/law/01-five-ways.md"] = files["content/courses/junior/law/01-five-ways.md"]!.replace(
      "本课时讲解技术转移的基本概念。",
      "本课时讲解科技成果转化的五种方式。",
    );
    const second = await syncContent(d, await load(changed));
    expect(second).toEqual({ added: [], changed: ["lesson:law/five-ways"], retired: [] });
    const reopened = await openLesson(d, trainee.id, "law", "five-ways", holdsNothing);
    if (!reopened.enrolled) throw new Error("not enrolled");
    expect(reopened.lesson.id).toBe(opened.lesson.id);
    expect(reopened.lesson.version).toBe(2);
    expect(reopened.lesson.bodyHtml).toContain("五种方式");
    expect(await d.select().from(lessonVersions).where(eq(lessonVersions.lessonId, opened.lesson.id))).toHaveLength(2);
    expect(await d.select().from(lessonProgress).where(eq(lessonProgress.lessonId, opened.lesson.id))).toHaveLength(1);

    // The lesson's file is removed: retired, not deleted; its progress row stays.
    const removed = { ...changed, "content/courses/junior/law/01-five-ways.md": null };
    expect(await syncContent(d, await load(removed))).toEqual({ added: [], changed: [], retired: ["lesson:law/five-ways"] });
    const [row] = await d.select().from(lessons).where(eq(lessons.id, opened.lesson.id));
    expect(row?.retiredAt).not.toBeNull();
    expect(await d.select().from(lessonProgress).where(eq(lessonProgress.lessonId, opened.lesson.id))).toHaveLength(1);
    await expect(openLesson(d, trainee.id, "law", "five-ways", holdsNothing)).rejects.toMatchObject({ status: 404 });

    // It comes back: the same lesson again.
    const restored = await syncContent(d, await load(changed));
    expect(restored.changed).toEqual(["lesson:law/five-ways"]);
  });

  test("rendered lesson HTML is sanitized and headings get anchors", async () => {
    const d = await db();
    const files = fixtureFiles();
    files["content/courses/junior/law/02-rewards.md"] = files["content/courses/junior/law/02-rewards.md"]!.replace(
      "## 一、概念",
      '## 一、概念\n\n<script>alert("x")</script>\n\n<img src="x" onerror="alert(1)">\n\n[链接](javascript:alert(1))\n\n| 方式 | 比例 |\n|---|---|\n| 转让 | 50% |',
    );
    await syncContent(d, await load(files));
    const trainee = await makeUser(d, { role: "trainee" });
    await enrol(d, trainee.id, "law", holdsNothing);
    const opened = await openLesson(d, trainee.id, "law", "rewards", holdsNothing);
    if (!opened.enrolled) throw new Error("not enrolled");
    const html = opened.lesson.bodyHtml;
    expect(html).not.toMatch(/<script|onerror|javascript:/);
    expect(html).toContain('<h2 id="一概念">');
    expect(html).toContain('href="#一概念"');
    expect(html).toContain("<table>");
  });
});
