import { describe, expect, test } from "vitest";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { forged, samples } from "../setup/evidence-samples";
import { createSession } from "~/modules/auth/index.server";
import * as previewRoute from "~/routes/manage.content_.preview";
import * as uploadRoute from "~/routes/manage.content_.images";
import * as imageRoute from "~/routes/content-images.$name";
import { db } from "~/utils/db.server";

const BASE = "http://localhost:3000";

/** What a Remix handler returned: a Response, or data() with its status. */
async function outcome(
  run: () => Promise<unknown>,
): Promise<{ status: number; body: unknown; headers: Headers; bytes?: Uint8Array }> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response)
    return {
      status: value.status,
      body: null,
      bytes: new Uint8Array(await value.arrayBuffer()),
      headers: value.headers,
    };
  const wrapped = value as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (wrapped?.type === "DataWithResponseInit")
    return { status: wrapped.init?.status ?? 200, body: wrapped.data, headers: new Headers() };
  return { status: 200, body: value, headers: new Headers() };
}

async function cookieOf(userId: string) {
  const { token } = await createSession(await db(), userId);
  return `tma_session=${token}`;
}

const post = (path: string, cookie: string, body: FormData) =>
  new Request(`${BASE}${path}`, { method: "POST", headers: { Cookie: cookie }, body });
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} as never });

function previewForm(markdown: string) {
  const form = new FormData();
  form.set("markdown", markdown);
  return form;
}
function imageForm(bytes: Uint8Array, name: string, type: string) {
  const form = new FormData();
  form.append("image", new File([new Uint8Array(bytes)], name, { type }));
  return form;
}

describe("writing a lesson", () => {
  test("the preview shows what trainees will see: Markdown rendered, unsafe HTML removed", async () => {
    const d = await db();
    const staff = await makeUser(d, {
      role: "center_staff",
      organizationId: (await makeOrganization(d, (await makeRegion(d)).id)).id,
    });
    const cookie = await cookieOf(staff.id);
    const markdown =
      '## 一、概念\n\n**转化**\n\n<script>alert("x")</script>\n\n<img src="x" onerror="alert(1)">\n\n[链接](javascript:alert(1))';
    const { status, body } = await outcome(() =>
      previewRoute.action(args(post("/manage/content/preview", cookie, previewForm(markdown)))),
    );
    expect(status).toBe(200);
    const html = (body as { html: string }).html;
    expect(html).toContain("<strong>转化</strong>");
    expect(html).toContain('<h2 id="一概念">');
    expect(html).not.toMatch(/<script|onerror|javascript:/);

    const tooLong = await outcome(() =>
      previewRoute.action(args(post("/manage/content/preview", cookie, previewForm("字".repeat(200_001))))),
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ ok: false, message: "contentEditor.preview.tooLong" });
  });

  test("a trainee may not use the preview or upload pictures", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    const cookie = await cookieOf(trainee.id);
    expect(
      (await outcome(() => previewRoute.action(args(post("/manage/content/preview", cookie, previewForm("x"))))))
        .status,
    ).toBe(403);
    expect(
      (
        await outcome(() =>
          uploadRoute.action(
            args(post("/manage/content/images", cookie, imageForm(samples.png, "a.png", "image/png"))),
          ),
        )
      ).status,
    ).toBe(403);
  });

  test("a picture is checked by its bytes, kept once, and served with long caching and nosniff", async () => {
    const d = await db();
    const editor = await makeUser(d, { role: "platform_admin" });
    const cookie = await cookieOf(editor.id);

    const first = await outcome(() =>
      uploadRoute.action(args(post("/manage/content/images", cookie, imageForm(samples.png, "图.png", "image/png")))),
    );
    expect(first.status).toBe(200);
    const url = (first.body as { url: string }).url;
    expect(url).toMatch(/^\/content-images\/[0-9a-f]{64}\.png$/);
    // The same picture again: the same address.
    const again = await outcome(() =>
      uploadRoute.action(
        args(post("/manage/content/images", cookie, imageForm(samples.png, "copy.jpg", "image/jpeg"))),
      ),
    );
    expect((again.body as { url: string }).url).toBe(url);

    // An HTML page or a program named .png is refused, whatever the browser claims.
    for (const bytes of [forged.html, forged.exe]) {
      const refused = await outcome(() =>
        uploadRoute.action(args(post("/manage/content/images", cookie, imageForm(bytes, "pic.png", "image/png")))),
      );
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ ok: false, message: "contentEditor.images.wrongType" });
    }
    // Over 2 MB: refused before it is all read.
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(samples.png);
    const tooLarge = await outcome(() =>
      uploadRoute.action(args(post("/manage/content/images", cookie, imageForm(big, "big.png", "image/png")))),
    );
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body).toMatchObject({ ok: false, message: "contentEditor.images.tooLarge" });

    const trainee = await makeUser(d, { role: "trainee" });
    const name = url.split("/").pop()!;
    const traineeCookie = await cookieOf(trainee.id);
    const served = await outcome(() =>
      imageRoute.loader(args(new Request(`${BASE}${url}`, { headers: { Cookie: traineeCookie } }), { name })),
    );
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(served.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(served.headers.get("Cache-Control")).toContain("max-age=31536000");
    expect(served.bytes).toEqual(samples.png);
    const missing = await outcome(() =>
      imageRoute.loader(
        args(new Request(`${BASE}/content-images/x.png`, { headers: { Cookie: cookie } }), {
          name: `${"0".repeat(64)}.png`,
        }),
      ),
    );
    expect(missing.status).toBe(404);
  });
});
