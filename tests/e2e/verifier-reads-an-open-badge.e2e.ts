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
    // Both forms are offered, each with what takes it (waited for: the address changes a moment before the page).
    await holder.getByText(/1EdTech 的 Open Badges 验证器/).waitFor();
    expect(await holder.getByText(/1EdTech 的 Open Badges 验证器/).isVisible()).toBe(true);
    expect(await holder.getByText(/Learner Credential Wallet/).isVisible()).toBe(true);
    const ldHref = await holder.getByRole("link", { name: "下载钱包版数字徽章（内嵌证明）" }).getAttribute("href");
    const ld = await holder.request.get(baseUrl() + ldHref!);
    expect(ld.status()).toBe(200);
    const credential = (await ld.json()) as { proof: { cryptosuite: string; verificationMethod: string }[] };
    expect(credential.proof[0]!.cryptosuite).toBe("eddsa-rdfc-2022");
    const href = await holder.getByRole("link", { name: "下载数字徽章（VC-JWT）" }).getAttribute("href");
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
    // The proof's verification method is in the issuer document, served to anyone.
    const vm = credential.proof[0]!.verificationMethod;
    const issuer = await visitor.request.get(baseUrl() + new URL(vm).pathname);
    expect(issuer.headers()["content-type"]).toContain("application/ld+json");
    expect(((await issuer.json()) as { assertionMethod: string[] }).assertionMethod).toContain(vm);
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

    // In English, the holder reads the same choice (then switches back: other journeys share this account).
    await holder.getByRole("button", { name: /Switch to English/ }).click();
    await holder.getByRole("link", { name: "Download the badge for wallets (embedded proof)" }).waitFor();
    expect(await holder.getByText(/for 1EdTech's Open Badges validator/).isVisible()).toBe(true);
    await holder.getByRole("button", { name: /切换为中文|Switch to Chinese/ }).click();
    await holder.getByRole("link", { name: "下载钱包版数字徽章（内嵌证明）" }).waitFor();
  });
});
