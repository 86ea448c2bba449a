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

/** Today in China and a span around now (within the day), as the form's date and time fields take them. */
function runningNow() {
  const china = (offsetMinutes: number) => new Date(Date.now() + 8 * 3600_000 + offsetMinutes * 60_000).toISOString();
  const date = china(0).slice(0, 10);
  const clamp = (iso: string, fallback: string) => (iso.slice(0, 10) === date ? iso.slice(11, 16) : fallback);
  return { date, start: clamp(china(-5), "00:00"), end: clamp(china(60), "23:59") };
}

describe("a classroom session with check-in by QR code", () => {
  test("staff schedule it and open the display; a trainee on a phone scans and is checked in; the sheet says present", async () => {
    const staff = await newPage(browser);
    await signIn(staff, "staff.taiyuan@demo.tm-academy.cn");
    const center = await staff
      .getByRole("link", { name: /我的培训基地/ })
      .first()
      .getAttribute("href");
    await visit(staff, `${center}/cohorts`);
    await staff.getByRole("link", { name: "演示初级班（第4期）" }).first().click();
    await staff.waitForLoadState("networkidle");
    await expect.poll(() => staff.getByRole("heading", { name: "线下课堂" }).isVisible()).toBe(true);
    await expectAccessible(staff);
    await staff.getByRole("link", { name: "管理课堂与签到" }).click();
    await staff.waitForLoadState("networkidle");
    await expectAccessible(staff);

    const topic = `技术合同谈判演练 ${Date.now()}`;
    const { date, start, end } = runningNow();
    const form = staff.locator("#schedule");
    await form.getByLabel("日期").fill(date);
    await form.getByLabel("开始时间").fill(start);
    await form.getByLabel("结束时间").fill(end);
    await form.getByLabel("地点").fill("太原市小店区 305 教室");
    await form.getByLabel("授课人").fill("李老师");
    await form.getByLabel("主题").fill(topic);
    await form.getByLabel("学时").fill("1.5");
    await form.getByRole("button", { name: "安排课堂" }).click();
    await expect.poll(() => staff.getByText("课堂已安排。").isVisible()).toBe(true);
    const row = staff.getByRole("row", { name: new RegExp(topic) });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain("出勤 0 · 迟到 0");
    await expectAccessible(staff);

    await row.getByRole("link", { name: "签到屏" }).click();
    await staff.waitForURL(/\/display$/);
    await staff.waitForLoadState("networkidle");
    await expectAccessible(staff);
    const qr = staff.getByRole("img", { name: "签到二维码" });
    await expect.poll(() => qr.isVisible()).toBe(true);
    const checkInUrl = await qr.getAttribute("data-check-in-url");
    expect(checkInUrl).toMatch(/\/check-in\/[0-9a-f-]{36}\?w=\d+&c=[\w-]+$/);

    const phone = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true });
    await signIn(phone, "ready@demo.tm-academy.cn");
    await phone.goto(checkInUrl!);
    await phone.waitForLoadState("networkidle");
    await expectAccessible(phone);
    await phone.getByRole("button", { name: "确认签到" }).click();
    await expect.poll(() => phone.getByText("签到成功：出勤。").isVisible()).toBe(true);
    expect(await phone.getByText(topic).isVisible()).toBe(true);
    await expectAccessible(phone);
    // The trainee's path lists the session with their attendance.
    await visit(phone, "/learn");
    const mine = phone
      .getByRole("list", { name: "我的线下课堂及签到情况" })
      .getByRole("listitem")
      .filter({ hasText: topic });
    await expect.poll(() => mine.count()).toBe(1);
    expect(await mine.innerText()).toContain("我的签到：出勤");
    await phone.context().close();

    // The room's screen counts the check-in without a reload.
    await expect.poll(() => staff.getByText(/已签到 1 \/ \d+ 人/).isVisible(), { timeout: 20_000 }).toBe(true);
    await staff.getByRole("link", { name: "返回课堂列表" }).click();
    await staff.waitForLoadState("networkidle");
    await staff
      .getByRole("row", { name: new RegExp(topic) })
      .getByRole("link", { name: "签到表" })
      .click();
    await staff.waitForLoadState("networkidle");
    await expectAccessible(staff);
    const sheetRow = staff.getByRole("row", { name: /李明/ });
    expect(await sheetRow.innerText()).toMatch(/出勤[\s\S]*扫码/);

    // Staff mark the other member late by hand.
    const other = staff.getByRole("combobox", { name: "手工登记: 张晓芳" });
    if (await other.count()) {
      await other.selectOption("late");
      await staff.getByRole("button", { name: "保存签到登记" }).click();
      await expect.poll(() => staff.getByText("已更新 1 人的签到状态。").isVisible()).toBe(true);
      const status = staff.locator('tr[data-trainee="张晓芳"] td[data-status]');
      await expect.poll(() => status.innerText({ timeout: 2000 }), { timeout: 10_000 }).toBe("迟到");
      expect(await staff.getByRole("row", { name: /张晓芳/ }).innerText()).toContain("工作人员登记");
      await expectAccessible(staff);
    }

    // The sheet downloads as CSV with the trainee present.
    const csvHref = await staff.getByRole("link", { name: "导出 CSV" }).getAttribute("href");
    const csv = await staff.request.get(csvHref!.startsWith("http") ? csvHref! : new URL(csvHref!, staff.url()).href);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain("李明");
    expect(text).toContain("出勤");
    await staff.context().close();
    // Two people, a display that waits for its refresh and a download: more than the default minute.
  }, 150_000);
});
