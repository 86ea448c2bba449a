import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { baseUrl, expectAccessible, launchBrowser, newPage, signIn, visit } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function centerPath(name: string) {
  // The platform admin's list of organizations gives each center's address.
  const page = await newPage(browser);
  await signIn(page, "admin@demo.tm-academy.cn");
  await visit(page, "/manage/organizations");
  const href = await page.getByRole("link", { name }).getAttribute("href");
  await page.context().close();
  expect(href).toMatch(/^\/manage\/organizations\/[0-9a-f-]{36}$/);
  return href!;
}

describe("a center's staff see their own center and are refused another's", () => {
  test("Taiyuan staff open their center, and get 403 on Beijing's", async () => {
    const taiyuan = await centerPath("太原技术转移促进中心");
    const beijing = await centerPath("北京技术经理人培训基地");

    const page = await newPage(browser);
    await signIn(page, "staff.taiyuan@demo.tm-academy.cn");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的培训基地" }).first().click();
    await page.waitForURL(baseUrl() + taiyuan);
    await expect.poll(() => page.getByRole("heading", { name: "太原技术转移促进中心" }).isVisible()).toBe(true);
    await expectAccessible(page);

    const refused = await visit(page, beijing);
    expect(refused?.status()).toBe(403);
    expect(await page.getByRole("heading", { name: "无权访问" }).isVisible()).toBe(true);
    expect(await page.title()).toBe("无权访问 · 技术经理人学院");
    expect(await page.content()).not.toContain("北京技术经理人培训基地");

    // Nor may they open the platform's screens.
    expect((await visit(page, "/manage/audit"))?.status()).toBe(403);
    await page.context().close();
  });

  test("the Shanxi region admin sees Taiyuan but not Beijing", async () => {
    const taiyuan = await centerPath("太原技术转移促进中心");
    const beijing = await centerPath("北京技术经理人培训基地");
    const page = await newPage(browser);
    await signIn(page, "region.sx@demo.tm-academy.cn");
    expect((await visit(page, taiyuan))?.status()).toBe(200);
    expect((await visit(page, beijing))?.status()).toBe(403);
    await page.context().close();
  });

  test("an unknown address shows the 404 page", async () => {
    const page = await newPage(browser);
    const response = await visit(page, "/no-such-page");
    expect(response?.status()).toBe(404);
    expect(await page.getByRole("heading", { name: "页面不存在" }).isVisible()).toBe(true);
    await page.context().close();
  });
});
