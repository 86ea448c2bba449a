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

describe("center staff schedule an exam session by searching the picker", () => {
  test("hundreds of trainees: search a surname, tell namesakes apart by masked mobile, choose all matching, schedule", async () => {
    const page = await newPage(browser);
    await signIn(page, "staff.taiyuan@demo.tm-academy.cn");
    await visit(page, "/");
    const center = await page
      .getByRole("link", { name: /我的培训基地/ })
      .first()
      .getAttribute("href");
    await visit(page, `${center}/exam-sessions`);
    // A page of 20, not every trainee of the center as a checkbox.
    const picker = page.getByRole("table", { name: "选择学员" });
    expect(await picker.locator("tbody tr").count()).toBe(20);
    await expect.poll(() => page.getByText(/找到 \d+ 名学员（第 1 \/ \d+ 页）/).isVisible()).toBe(true);
    await expectAccessible(page);

    // Every 王 of the center (the demo history has hundreds of trainees; which given names repeat depends on it).
    await page.getByLabel("姓名、手机号或邮箱").fill("王");
    await page.getByRole("button", { name: "查找" }).click();
    await page.waitForURL(/p_q=/);
    await page.waitForLoadState("networkidle");
    // The address changes a moment before the new rows are rendered: wait for the search's rows.
    const searched = async () => {
      const texts = await picker.locator("tbody tr").allInnerTexts();
      return texts.length > 1 && texts.every((row) => row.includes("王"));
    };
    await expect.poll(searched, { timeout: 15_000 }).toBe(true);
    const rows = await picker.locator("tbody tr").allInnerTexts();
    // Namesakes are told apart by a masked mobile (or an e-mail), never the full number.
    expect(rows.some((row) => /1\d{2}\*{4}\d{4}/.test(row))).toBe(true);
    expect(rows.some((row) => /1\d{10}/.test(row))).toBe(false);

    await page.getByLabel(/选择全部 \d+ 名符合条件的学员/).check();
    await page.getByLabel("场次名称").fill("王姓学员补考场");
    await page.locator("#session-level").selectOption("junior");
    await page.getByLabel("开始时间").fill("2027-01-10T09:00");
    await page.getByLabel("结束时间").fill("2027-01-10T11:00");
    await page.getByRole("button", { name: "安排场次" }).click();
    await expect.poll(() => page.getByText("已安排").first().isVisible()).toBe(true);
    const session = page.getByRole("row", { name: /王姓学员补考场/ });
    await expect.poll(() => session.count()).toBe(1);
    expect(await session.innerText()).toMatch(/王[^、]*、王/);
    await expectAccessible(page);
    await page.context().close();
  });
});
