import { beforeAll, describe, expect, test } from "vitest";
import { fixtureFiles, syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import * as appendixRoute from "~/routes/learn.appendices.$file";
import * as courseRoute from "~/routes/learn.courses.$course._index";
import { db } from "~/utils/db.server";

/*
 * The practitioner templates of content/appendices/ (the repository's own files, as the server reads them):
 * listed on their course's page, served as Markdown downloads to anyone signed in.
 */

const BASE = "http://localhost:3000";

beforeAll(async () => {
  // The fixture curriculum plus a course with the slug the real publicity-notice appendix belongs to.
  const files = fixtureFiles();
  await syncFixtureContent({
    ...files,
    "content/courses/junior/transformation-law/course.md": files["content/courses/junior/law/course.md"]!.replace(
      "slug: law",
      "slug: transformation-law",
    ),
    "content/courses/junior/transformation-law/01-five-ways.md": files["content/courses/junior/law/01-five-ways.md"]!,
  });
});

async function outcome(run: () => Promise<unknown>) {
  try {
    return (await run()) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function signedIn(role: "trainee" | "center_staff") {
  const d = await db();
  const center = await makeOrganization(d, (await makeRegion(d)).id);
  const user = await makeUser(d, { role, organizationId: center.id });
  const { token } = await createSession(d, user.id);
  return (path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: `tma_session=${token}` } });
}

const download = (request: Request, file: string) =>
  outcome(() => appendixRoute.loader({ request, params: { file }, context: {} as never }));

describe("appendix downloads", () => {
  test("the course page lists its templates with a download link", async () => {
    const get = await signedIn("trainee");
    const page = await courseRoute.loader({
      request: get("/learn/courses/transformation-law"),
      params: { course: "transformation-law" },
      context: {} as never,
    });
    expect(page.appendices).toEqual([
      expect.objectContaining({ slug: "publicity-notice-negotiated-price", titleZh: "科技成果协议定价公示模板" }),
    ]);
  });

  test("a signed-in trainee downloads the Markdown file under its Chinese title", async () => {
    const get = await signedIn("trainee");
    const response = await download(
      get("/learn/appendices/publicity-notice-negotiated-price.md"),
      "publicity-notice-negotiated-price.md",
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/markdown; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="publicity-notice-negotiated-price.md"; filename*=UTF-8''${encodeURIComponent("科技成果协议定价公示模板.md")}`,
    );
    const text = await response.text();
    expect(text).toContain("公示时间不少于15日");
    expect(text).toContain("拟交易价格");
  });

  test("staff who do not study may download too; anonymous visitors are sent to sign in", async () => {
    const staff = await signedIn("center_staff");
    const response = await download(
      staff("/learn/appendices/mutual-nda-technology-talks.md"),
      "mutual-nda-technology-talks.md",
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("第五百零一条");

    const anonymous = await download(
      new Request(`${BASE}/learn/appendices/mutual-nda-technology-talks.md`),
      "mutual-nda-technology-talks.md",
    );
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });

  test("an unknown template, a name without .md and a path outside the folder are 404", async () => {
    const get = await signedIn("trainee");
    for (const file of [
      "no-such-template.md",
      "publicity-notice-negotiated-price",
      "..%2Flevels.md",
      "../README.md",
      "README.md",
    ]) {
      const response = await download(get(`/learn/appendices/${file}`), file);
      expect(response.status, file).toBe(404);
    }
  });
});
