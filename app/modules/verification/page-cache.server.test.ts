import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { certificateChecks } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { languageCookie } from "~/i18n/i18n.server";
import { db } from "~/utils/db.server";
import { answerVerificationApi } from "./api.server";
import { flushCheckLog } from "./checks.server";
import { findCertificate } from "./lookup.server";
import {
  forgetVerificationPages,
  keptVerificationPage,
  rememberVerificationPage,
  verificationPageData,
  verificationPageKey,
} from "./page-cache.server";
import { issueTestCertificate, revokeTestCertificate } from "../../../tests/setup/test-certificates";

beforeAll(() => syncFixtureContent());
beforeEach(() => forgetVerificationPages());

const RENDER_NONCE = "r3nd3r+n/nce==";
const IP = "192.0.2.10";

/** What the page's render leaves behind, as entry.server does it. */
async function keepRender(code: string, language = "zh-CN") {
  const d = await db();
  const found = await findCertificate(d, { kind: "code", code });
  const html = `<html lang="${language}"><script nonce="${RENDER_NONCE}">1</script><p>${found!.view.status}</p><script nonce="${RENDER_NONCE}">2</script></html>`;
  rememberVerificationPage(
    verificationPageKey(language, code, verificationPageData(found!)),
    { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" }, html },
    RENDER_NONCE,
  );
}

describe("the kept verification page", () => {
  test("is served with the request's own nonce in every place, and the visit is logged", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    await keepRender(issued.code);
    const page = await keptVerificationPage(d, { code: issued.code, cookieHeader: null, nonce: "fresh", clientIp: IP });
    expect(page?.html).toBe(
      '<html lang="zh-CN"><script nonce="fresh">1</script><p>valid</p><script nonce="fresh">2</script></html>',
    );
    expect(page?.html).not.toContain(RENDER_NONCE);
    await flushCheckLog();
    const logged = await d
      .select()
      .from(certificateChecks)
      .where(and(eq(certificateChecks.certificateId, issued.id), eq(certificateChecks.kind, "page")));
    expect(logged).toHaveLength(1);
  });

  test("replays the document's type and caching headers, never a cookie", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    const found = await findCertificate(d, { kind: "code", code: issued.code });
    rememberVerificationPage(
      verificationPageKey("zh-CN", issued.code, verificationPageData(found!)),
      {
        status: 200,
        headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Set-Cookie": "lng=en" },
        html: "<p></p>",
      },
      RENDER_NONCE,
    );
    const page = await keptVerificationPage(d, { code: issued.code, cookieHeader: null, nonce: "n", clientIp: IP });
    expect(page?.headers).toEqual({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  });

  test("is not used once the certificate changes: a revoked certificate is rendered anew", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    await keepRender(issued.code);
    await revokeTestCertificate(d, issued.id, "信息有误");
    expect(
      await keptVerificationPage(d, { code: issued.code, cookieHeader: null, nonce: "n", clientIp: IP }),
    ).toBeNull();
    await keepRender(issued.code);
    expect(
      (await keptVerificationPage(d, { code: issued.code, cookieHeader: null, nonce: "n", clientIp: IP }))?.html,
    ).toContain("<p>revoked</p>");
  });

  test("is kept per language, only at the canonical address, and only for certificates that exist", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    await keepRender(issued.code);
    const english = await languageCookie.serialize("en");
    expect(
      await keptVerificationPage(d, { code: issued.code, cookieHeader: english, nonce: "n", clientIp: IP }),
    ).toBeNull();
    await keepRender(issued.code, "en");
    expect(
      (await keptVerificationPage(d, { code: issued.code, cookieHeader: english, nonce: "n", clientIp: IP }))?.html,
    ).toContain('lang="en"');
    expect(
      await keptVerificationPage(d, { code: issued.code.toLowerCase(), cookieHeader: null, nonce: "n", clientIp: IP }),
    ).toBeNull();
    expect(
      await keptVerificationPage(d, { code: "ZZZZZZZZZZ", cookieHeader: null, nonce: "n", clientIp: IP }),
    ).toBeNull();
  });

  test("counts against the address's budget shared with the API: over it, no kept page (the route answers 429)", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    await keepRender(issued.code);
    const ip = "192.0.2.77";
    // The clock stands still, so no token comes back while the requests run.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    onTestFinished(() => void vi.useRealTimers());
    const api = () => answerVerificationApi(d, { code: issued.code, name: null, authorization: null, clientIp: ip });
    const kept = () => keptVerificationPage(d, { code: issued.code, cookieHeader: null, nonce: "n", clientIp: ip });
    // Ten kept pages take ten of the API's sixty.
    for (let i = 0; i < 10; i++) expect(await kept()).not.toBeNull();
    expect((await api()).headers["X-RateLimit-Remaining"]).toBe("49");
    for (let i = 0; i < 49; i++) expect((await api()).status).toBe(200);
    expect((await api()).status).toBe(429);
    expect(await kept()).toBeNull();
    // Another address is not affected.
    expect(
      await keptVerificationPage(d, { code: issued.code, cookieHeader: null, nonce: "n", clientIp: IP }),
    ).not.toBeNull();
  });
});
