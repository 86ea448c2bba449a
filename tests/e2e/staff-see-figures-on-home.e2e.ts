import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectAccessible, launchBrowser, newPage, signIn, visit } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("staff and region admins land on their figures and pending work", () => {
  test("Taiyuan's staff see the center's figures, the grading queue and this week's sessions; grading options are one click away", async () => {
    const page = await newPage(browser);
    await signIn(page, "staff.taiyuan@demo.tm-academy.cn");
    const section = page.getByRole("region", { name: /太原技术转移促进中心 · 关键数据/ });
    await expect.poll(() => section.isVisible()).toBe(true);
    // The dashboard's own figure names, and the pending work with links.
    for (const label of ["培训结业", "获证", "参加考试", "考试通过率"])
      expect(await section.innerText()).toContain(label);
    expect(await section.innerText()).toMatch(/本周场次/);
    const grading = section.getByRole("link", { name: /待阅主观题 \d+ 道/ });
    expect(await section.getByRole("link", { name: /待审核案例 \d+ 份/ }).count()).toBe(1);
    await expectAccessible(page);

    await grading.click();
    await page.waitForURL(/\/grading$/);
    await page.waitForLoadState("networkidle");
    await page.getByText("阅卷设置").first().click();
    await expect.poll(() => page.getByLabel(/匿名阅卷/).isVisible()).toBe(true);
    await expectAccessible(page);
    await page.context().close();
  });

  test("the Shanxi region admin sees the region's figures and its centers' sessions", async () => {
    const page = await newPage(browser);
    await signIn(page, "region.sx@demo.tm-academy.cn");
    const section = page.getByRole("region", { name: /关键数据/ }).first();
    await expect.poll(() => section.isVisible()).toBe(true);
    expect(await section.innerText()).toContain("考试通过率");
    expect(await section.getByRole("link", { name: "查看统计看板" }).getAttribute("href")).toMatch(
      /^\/manage\/regions\/[0-9a-f-]+\/dashboard$/,
    );
    await visit(page, "/");
    await page.context().close();
  });
});
