import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { contentChanges, courses, lessons } from "#db/schema";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { outcome } from "../setup/route-outcome";
import { createSession } from "~/modules/auth/index.server";
import * as courseRoute from "~/routes/manage.content_.courses.$courseId";
import * as lessonRoute from "~/routes/manage.content_.lessons.$lessonId";
import { db } from "~/utils/db.server";

// The course and lesson editors share one loader and action (app/utils/curriculum.server.ts): who may open and
// save, reopening the author's draft, saving, retiring and the answers are checked here through both routes.

const BASE = "http://localhost:3000";

beforeAll(() => syncFixtureContent());

async function cookieOf(userId: string) {
  const { token } = await createSession(await db(), userId);
  return `tma_session=${token}`;
}
const get = (path: string, cookie: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } });
const post = (path: string, cookie: string, fields: Record<string, string | string[]>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  return new Request(`${BASE}${path}`, { method: "POST", headers: { Cookie: cookie }, body: form });
};
const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} as never });

async function people() {
  const d = await db();
  const body = await makeOrganization(d, null, "certification_body");
  const editor = await makeUser(d, { role: "content_editor", organizationId: body.id });
  const center = await makeOrganization(d, (await makeRegion(d)).id);
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  return { d, editor: await cookieOf(editor.id), staff: await cookieOf(staff.id) };
}

async function lawCourse() {
  const d = await db();
  const [course] = await d.select().from(courses).where(eq(courses.slug, "law"));
  const [lesson] = await d.select().from(lessons).where(eq(lessons.courseId, course!.id));
  return { course: course!, lesson: lesson! };
}

const changeIdOf = (location: string | null) =>
  /\/manage\/content\/changes\/([0-9a-f-]{36})\?saved=1$/.exec(location ?? "")?.[1];

describe("the course editor", () => {
  test("an editor saves a draft, reopens it with the draft's text, and center staff may not open it", async () => {
    const p = await people();
    const { course } = await lawCourse();
    const path = `/manage/content/courses/${course.id}`;

    const opened = await outcome(() => courseRoute.loader(args(get(path, p.editor), { courseId: course.id })));
    expect(opened.status).toBe(200);
    const now = opened.body as {
      item: { titleZh: string; version: number; lessons: unknown[] };
      draft: null;
      canAuthor: boolean;
    };
    expect(now).toMatchObject({ item: { titleZh: "课程law" }, draft: null, canAuthor: true });
    expect(now.item.lessons).toHaveLength(2);

    const saved = await outcome(() =>
      courseRoute.action(
        args(
          post(path, p.editor, {
            intent: "save",
            baseVersion: String(now.item.version),
            levelSlug: "junior",
            slug: "law",
            module: "政策法规",
            titleZh: "技术转移法律（修订）",
            titleEn: "Course law (revised)",
            summaryZh: "课程简介。",
            summaryEn: "A summary.",
            objectives: "理解基本概念",
          }),
          { courseId: course.id },
        ),
      ),
    );
    expect(saved.status).toBe(302);
    const changeId = changeIdOf(saved.headers.get("Location"));
    expect(changeId).toBeDefined();

    // Continuing the draft opens its title, not the course's current one.
    const reopened = await outcome(() =>
      courseRoute.loader(args(get(`${path}?change=${changeId}`, p.editor), { courseId: course.id })),
    );
    expect(reopened.body).toMatchObject({
      item: { titleZh: "技术转移法律（修订）", version: now.item.version },
      draft: { changeId, revision: expect.any(Number) },
    });

    // A required field left empty: the form comes back with the field's message, nothing saved.
    const before = (await p.d.select().from(contentChanges)).length;
    const invalid = await outcome(() =>
      courseRoute.action(
        args(post(path, p.editor, { intent: "save", levelSlug: "junior", slug: "law" }), { courseId: course.id }),
      ),
    );
    expect(invalid.status).toBe(400);
    expect((invalid.body as { result: { error: Record<string, string[]> } }).result.error.titleZh).toEqual([
      "curriculum.form.required",
    ]);
    expect((await p.d.select().from(contentChanges)).length).toBe(before);

    expect((await outcome(() => courseRoute.loader(args(get(path, p.staff), { courseId: course.id })))).status).toBe(
      403,
    );
    expect(
      (
        await outcome(() =>
          courseRoute.action(
            args(post(path, p.staff, { intent: "retire", baseVersion: "1" }), { courseId: course.id }),
          ),
        )
      ).status,
    ).toBe(403);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(
      (
        await outcome(() =>
          courseRoute.loader(args(get(`/manage/content/courses/${missing}`, p.editor), { courseId: missing })),
        )
      ).status,
    ).toBe(404);
  });
});

describe("the lesson editor", () => {
  test("a saved lesson stays in its course under its slug; retiring against an old version is refused on the form", async () => {
    const p = await people();
    const { course, lesson } = await lawCourse();
    const other = (await p.d.select().from(courses).where(eq(courses.slug, "valuation")))[0]!;
    const path = `/manage/content/lessons/${lesson.id}`;

    const opened = await outcome(() => lessonRoute.loader(args(get(path, p.editor), { lessonId: lesson.id })));
    expect(opened.status).toBe(200);
    const now = (opened.body as { item: { version: number; courseId: string; slug: string } }).item;
    expect(now.courseId).toBe(course.id);

    const saved = await outcome(() =>
      lessonRoute.action(
        args(
          post(path, p.editor, {
            intent: "save",
            baseVersion: String(now.version),
            // Another course and slug in the form: the lesson keeps its own.
            courseId: other.id,
            slug: "moved-away",
            titleZh: "五种方式（修订）",
            titleEn: "Five ways (revised)",
            minutes: "10",
            markdown: "## 一、概念\n\n修订后的正文。",
          }),
          { lessonId: lesson.id },
        ),
      ),
    );
    expect(saved.status).toBe(302);
    const changeId = changeIdOf(saved.headers.get("Location"))!;
    const [change] = await p.d.select().from(contentChanges).where(eq(contentChanges.id, changeId));
    expect(change).toMatchObject({ kind: "lesson", action: "update", targetId: lesson.id, status: "draft" });
    expect(change!.payload).toMatchObject({ courseId: course.id, slug: now.slug });

    const stale = await outcome(() =>
      lessonRoute.action(
        args(post(path, p.editor, { intent: "retire", baseVersion: String(now.version - 1) }), { lessonId: lesson.id }),
      ),
    );
    expect(stale.status).toBe(400);
    expect(stale.body).toMatchObject({
      result: { error: { "": ["authoring.problems.stale"] } },
      failure: { message: "authoring.problems.stale" },
    });

    const retired = await outcome(() =>
      lessonRoute.action(
        args(post(path, p.editor, { intent: "retire", baseVersion: String(now.version) }), { lessonId: lesson.id }),
      ),
    );
    expect(retired.status).toBe(302);
    const [retire] = await p.d
      .select()
      .from(contentChanges)
      .where(eq(contentChanges.id, changeIdOf(retired.headers.get("Location"))!));
    expect(retire).toMatchObject({ kind: "lesson", action: "retire", targetId: lesson.id, status: "draft" });
  });
});
