import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { baseUrl, launchBrowser, newPage, signIn, visit } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("an outside verifier follows an Open Badges credential", () => {
  test("the holder downloads the badge; its kid, status list and achievement answer on the production server", async () => {
    const holder = await newPage(browser);
    await signIn(holder, "holder@demo.tm-academy.cn");
    await visit(holder, "/certificates");
    await holder.getByRole("link", { name: "查看证书" }).first().click();
    await holder.waitForURL(/\/certificates\/[0-9a-f-]{36}$/);
    const href = await holder.getByRole("link", { name: /数字徽章/ }).getAttribute("href");
    const download = await holder.request.get(baseUrl() + href!);
    expect(download.status()).toBe(200);
    const jwt = await download.text();
    const [header, payload] = jwt
      .split(".")
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>);
    expect(header!.alg).toBe("ES256");

    // What a verifier fetches, with no account: the key from the kid, the status list, the achievement.
    const visitor = await newPage(browser);
    const kidPath = new URL(header!.kid as string).pathname;
    const key = await visitor.request.get(baseUrl() + kidPath);
    expect(key.status()).toBe(200);
    expect(await key.json()).toMatchObject({ kty: "EC", crv: "P-256", kid: header!.kid });
    const status = payload!.credentialStatus as { statusListCredential: string };
    expect((await visitor.request.get(baseUrl() + new URL(status.statusListCredential).pathname)).status()).toBe(200);
    const achievementPath = new URL((payload!.credentialSubject as { achievement: { id: string } }).achievement.id)
      .pathname;
    const jsonLd = await visitor.request.get(baseUrl() + achievementPath, {
      headers: { Accept: "application/ld+json" },
    });
    expect(jsonLd.headers()["content-type"]).toContain("application/ld+json");
    expect(await jsonLd.json()).toMatchObject({ type: ["Achievement"], achievementType: "Certification" });
    const png = await visitor.request.get(`${baseUrl()}${achievementPath}/badge.png`);
    expect(png.headers()["content-type"]).toBe("image/png");

    // A person opening the same address gets the page, with its criteria and badge (axe-checked by visit).
    const response = await visit(visitor, achievementPath);
    expect(response?.status()).toBe(200);
    expect(await visitor.getByRole("heading", { name: "获证条件" }).isVisible()).toBe(true);
    expect(await visitor.getByRole("img", { name: /数字徽章/ }).isVisible()).toBe(true);
  });
});
