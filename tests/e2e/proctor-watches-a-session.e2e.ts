import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { toChinaLocal } from "../../app/utils/china-time";
import { baseUrl, expectAccessible, launchBrowser, newPage, signIn, visit } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Every console error and uncaught page error. `refusedOk`: a page whose attempt moved to another device may
 * see its last background request refused (403) — the refusal this journey is about, not a fault.
 */
function watchErrors(page: Page, refusedOk = false) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (refusedOk && /status of 403/.test(message.text())) return;
    errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** Minutes left on the exam page's clock ("89:59" or "1:09:59"). */
async function minutesLeft(page: Page) {
  const text = (await page.getByRole("timer").textContent()) ?? "";
  const parts = text.split(":").map(Number);
  return parts.length === 3 ? parts[0]! * 60 + parts[1]! : parts[0]!;
}

/** A candidate signs in on a phone and starts the junior exam with the session's access code. */
async function startWithCode(email: string, code: string) {
  const page = await newPage(browser, { viewport: { width: 375, height: 800 } });
  const errors = watchErrors(page, true);
  await signIn(page, email);
  await visit(page, "/exams/briefing/junior");
  // Before starting: what is recorded, and that the attempt stays on this device.
  expect(await page.getByRole("heading", { name: "考试诚信与记录" }).isVisible()).toBe(true);
  expect(await page.getByText("离开考试页面（切换标签页或应用）").isVisible()).toBe(true);
  await page.getByLabel("考场口令").fill("WRONG1");
  await page.getByRole("button", { name: "确认开始" }).click();
  await expect.poll(() => page.getByText(/考场口令不正确或已过期/).isVisible()).toBe(true);
  await expectAccessible(page);
  await page.getByLabel("考场口令").fill(code.toLowerCase());
  await page.getByRole("button", { name: "确认开始" }).click();
  await page.waitForURL(/\/exams\/attempts\/[0-9a-f-]{36}$/);
  await page.waitForLoadState("networkidle");
  await expectAccessible(page);
  return { page, errors, url: page.url() };
}

describe("a proctor watches an exam session", () => {
  test(
    "access code, a tab switch seen live, a second device refused until approved, extra time, an attempt ended",
    { timeout: 420_000 },
    async () => {
      // The Beijing center schedules a session for its two ready candidates, by name.
      const proctor = await newPage(browser, { viewport: { width: 1280, height: 900 } });
      const proctorErrors = watchErrors(proctor);
      await signIn(proctor, "staff.beijing@demo.tm-academy.cn");
      await proctor
        .getByRole("navigation", { name: "主导航" })
        .getByRole("link", { name: "我的培训基地" })
        .first()
        .click();
      await proctor.getByRole("link", { name: "考试场次" }).click();
      await proctor.waitForURL(/\/exam-sessions$/);
      await proctor.waitForLoadState("networkidle");
      // Both are found by the start of their e-mail (the picker's search reloads the page), and ticked.
      await proctor.getByLabel("姓名、手机号或邮箱").fill("candidate");
      await proctor.getByRole("button", { name: "查找" }).click();
      await proctor.waitForURL(/p_q=/);
      await proctor.waitForLoadState("networkidle");
      const found = proctor.getByRole("table", { name: "选择学员" }).locator("tbody tr");
      await expect.poll(() => found.count()).toBe(2);
      for (const r of await found.all()) await r.getByRole("checkbox").check();
      const minute = Math.floor(Date.now() / 60_000) * 60_000;
      await proctor.getByLabel("场次名称").fill("北京监考场次");
      await proctor.locator("#session-level").selectOption({ label: "初级技术经理人" });
      await proctor.getByLabel("开始时间").fill(toChinaLocal(new Date(minute - 60_000)));
      await proctor.getByLabel("结束时间").fill(toChinaLocal(new Date(minute + 120 * 60_000)));
      await proctor.getByRole("button", { name: "安排场次" }).click();
      const row = proctor.getByRole("row").filter({ hasText: "北京监考场次" });
      await expect.poll(() => row.isVisible()).toBe(true);

      // The proctor opens the console and sets a fixed access code.
      await row.getByRole("link", { name: "监考台" }).click();
      await proctor.waitForURL(/\/exam-sessions\/[0-9a-f-]{36}$/);
      await proctor.waitForLoadState("networkidle");
      await expectAccessible(proctor);
      await proctor.getByLabel("固定口令", { exact: true }).check();
      await proctor.getByLabel(/固定口令（/).fill("KC2026");
      await proctor.getByRole("button", { name: "保存准入设置" }).click();
      await expect.poll(() => proctor.getByText("准入设置已保存。").isVisible()).toBe(true);
      await expect.poll(() => proctor.getByTestId("access-code").textContent()).toBe("KC2026");
      await expect.poll(() => proctor.getByText("实时更新中").isVisible()).toBe(true);
      await expectAccessible(proctor);

      // 赵强 starts on a phone with the code (a wrong one is refused, saying so).
      const phone = await startWithCode("candidate1@demo.tm-academy.cn", "KC2026");
      const zhao = proctor.locator("tr[data-candidate='赵强']");
      await expect.poll(() => zhao.textContent(), { timeout: 5_000 }).toMatch(/已开始|作答中/);

      // Switching tabs on the phone: the page warns, and the console shows it live.
      await phone.page.evaluate(() => {
        Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
        Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
      });
      await expect.poll(() => phone.page.getByText(/已记录：离开考试页面/).isVisible()).toBe(true);
      await expect
        .poll(() => proctor.getByRole("region", { name: "最新事件" }).textContent(), { timeout: 5_000 })
        .toContain("赵强 · 离开考试页面（切换标签页或应用）");

      // A second device (a laptop) opens the same attempt: refused, with "continue here?".
      const laptop = await newPage(browser, { viewport: { width: 1280, height: 900 } });
      const laptopErrors = watchErrors(laptop);
      await signIn(laptop, "candidate1@demo.tm-academy.cn");
      await visit(laptop, new URL(phone.url).pathname);
      expect(await laptop.getByRole("heading", { name: "在这台设备上继续？" }).isVisible()).toBe(true);
      expect(await laptop.getByRole("timer").count()).toBe(0);
      await laptop.getByRole("button", { name: "申请在这台设备上继续" }).click();
      await expect.poll(() => laptop.getByText(/已提交申请/).isVisible()).toBe(true);
      await expectAccessible(laptop);

      // The proctor sees the request and approves it; the laptop opens the exam by itself.
      await expect.poll(() => zhao.textContent(), { timeout: 5_000 }).toContain("申请换设备");
      await zhao.getByRole("button", { name: "管理 赵强" }).click();
      await proctor.getByRole("button", { name: "同意换设备" }).click();
      await expect.poll(() => proctor.getByText("已同意换设备。").isVisible()).toBe(true);
      await expect.poll(() => laptop.getByRole("timer").isVisible(), { timeout: 15_000 }).toBe(true);
      await laptop.waitForLoadState("networkidle");
      await expectAccessible(laptop);

      // The proctor adds 10 minutes: the candidate's clock moves.
      const before = await minutesLeft(laptop);
      await proctor.getByLabel("延长时间（分钟）").fill("10");
      await proctor.getByRole("button", { name: "延长", exact: true }).click();
      await expect.poll(() => proctor.getByText(/已延长考试时间/).isVisible()).toBe(true);
      await expect.poll(() => minutesLeft(laptop), { timeout: 20_000 }).toBeGreaterThanOrEqual(before + 9);

      // 陈静 starts too; the proctor ends her attempt with a reason, and her page says so.
      const chen = await startWithCode("candidate2@demo.tm-academy.cn", "KC2026");
      const chenRow = proctor.locator("tr[data-candidate='陈静']");
      await expect.poll(() => chenRow.textContent(), { timeout: 5_000 }).toMatch(/已开始|作答中/);
      await chenRow.getByRole("button", { name: "管理 陈静" }).click();
      await proctor.getByLabel("结束考试的原因").fill("考试中使用手机查阅资料");
      await proctor.getByRole("button", { name: "结束该考生的考试" }).click();
      // Once ended, the row says so (the actions that need a running exam go away).
      await expect.poll(() => chenRow.textContent(), { timeout: 5_000 }).toContain("已交卷");
      await expect.poll(() => chenRow.textContent()).toContain("待审核");
      await expect
        .poll(() => chen.page.getByText(/监考老师已结束本次考试：考试中使用手机查阅资料/).isVisible(), {
          timeout: 20_000,
        })
        .toBe(true);
      await expectAccessible(chen.page);

      // Her integrity record opens from the console, with the flag awaiting a decision.
      await chenRow.getByRole("link", { name: "陈静 的记录" }).click();
      await proctor.waitForURL(/\?attempt=/);
      await proctor.waitForLoadState("networkidle");
      await expect.poll(() => proctor.getByText(/等待审核决定/).isVisible()).toBe(true);
      await expectAccessible(proctor);

      // Staff of another center cannot open this console.
      const other = await newPage(browser);
      await signIn(other, "staff.taiyuan@demo.tm-academy.cn");
      const consolePath = new URL(proctor.url()).pathname;
      expect([403, 404]).toContain((await other.goto(baseUrl() + consolePath))?.status());
      expect([403, 404]).toContain((await other.request.get(`${baseUrl()}${consolePath}/live`)).status());

      expect(proctorErrors).toEqual([]);
      expect(laptopErrors).toEqual([]);
      expect(phone.errors).toEqual([]);
      expect(chen.errors).toEqual([]);
    },
  );
});
