import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectAccessible, launchBrowser, newPage, signIn } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a platform admin checks the background jobs", () => {
  test("from the menu: the embedded database runs the jobs in-process, and none has failed", async () => {
    const admin = await newPage(browser);
    await signIn(admin, "admin@demo.tm-academy.cn");
    await admin.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "后台任务" }).first().click();
    await admin.waitForURL(/\/manage\/jobs$/);
    await expect.poll(() => admin.getByRole("heading", { name: "后台任务", level: 1 }).isVisible()).toBe(true);
    expect(await admin.getByText("使用内置数据库时没有任务队列").isVisible()).toBe(true);
    const failed = admin.getByRole("region", { name: "失败的任务" });
    expect(await failed.getByText("没有失败的任务。").isVisible()).toBe(true);
    await expectAccessible(admin);
  });
});
