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

describe("a trainee sits an exam and loses nothing", () => {
  test("answers are saved as given, survive a reload and a dropped connection; submitting lists what is unanswered", async () => {
    const page = await newPage(browser, { viewport: { width: 375, height: 800 } });
    await signIn(page, "ready@demo.tm-academy.cn");
    await visit(page, "/exams");
    await page.getByRole("button", { name: "开始考试" }).first().click();
    await page.waitForURL(/\/exams\/attempts\/[0-9a-f-]{36}$/);
    await page.waitForLoadState("networkidle");
    await expectAccessible(page);

    // No answer key, rubric or explanation reaches the browser.
    expect(await page.content()).not.toMatch(/rubric|explanation|\\"answer\\"/);
    await expect.poll(() => page.getByRole("timer").textContent()).toMatch(/^1:29:\d\d$|^1:30:00$/);

    // Answer question 1: saved at once.
    const first = page.getByRole("radio").first();
    await first.check();
    await expect.poll(() => page.getByRole("status").textContent()).toBe("答案已保存");
    await page.reload();
    await page.waitForLoadState("networkidle");
    expect(await page.getByRole("radio").first().isChecked()).toBe(true);

    // The connection drops while answering question 2: the answer waits on this device, then goes.
    await page.getByRole("button", { name: "下一题" }).click();
    await page.context().setOffline(true);
    await page.getByRole("radio").first().check();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("网络中断");
    await page.context().setOffline(false);
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 15_000 }).toBe("答案已保存");
    await page.reload();
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: /^第 2 题/ }).click();
    expect(await page.getByRole("radio").first().isChecked()).toBe(true);
    expect(await page.getByText("已答 2 / 50 题").isVisible()).toBe(true);

    // Submitting asks first and lists the unanswered questions.
    await page.getByRole("button", { name: "交卷" }).click();
    await expect.poll(() => page.getByText(/以下题目尚未作答：3、4、5/).isVisible()).toBe(true);
    await expectAccessible(page);
    await page.getByRole("button", { name: "确认交卷" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "考试结果" }).isVisible()).toBe(true);
    expect(await page.getByText(/道主观题等待阅卷/).isVisible()).toBe(true);
    await expectAccessible(page);

    // The Taiyuan center's staff grade the written answers against the rubric.
    const staff = await newPage(browser);
    await signIn(staff, "staff.taiyuan@demo.tm-academy.cn");
    await staff.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的培训基地" }).first().click();
    await staff.getByRole("link", { name: "主观题阅卷" }).click();
    await staff.waitForURL(/\/grading$/);
    await staff.waitForLoadState("networkidle");
    await expectAccessible(staff);
    const forms = staff.locator("li.card").filter({ hasText: "李明" });
    expect(await forms.count()).toBe(2);
    // A graded answer leaves the queue.
    for (const left of [1, 0]) {
      const form = forms.first();
      await form.getByLabel(/得分/).fill("2");
      await form.getByLabel("评语").fill("要点不全");
      await form.getByRole("button", { name: "保存评分" }).click();
      await expect.poll(() => forms.count()).toBe(left);
    }
    expect(await staff.getByText("没有待阅的主观题。").isVisible()).toBe(true);

    // The item statistics include this attempt; the CSV opens in Excel with its Chinese header.
    await staff.goto(staff.url().replace(/\/manage\/organizations\/([^/]+)\/grading$/, "/manage/exam-stats?center=$1"));
    await staff.waitForLoadState("networkidle");
    await expect.poll(() => staff.getByText("已评分考试 1 次").isVisible()).toBe(true);
    await expectAccessible(staff);
    const csv = await staff.evaluate(async () => {
      const link = document.querySelector<HTMLAnchorElement>('a[href^="/manage/exam-stats.csv"]')!;
      const res = await fetch(link.href);
      return { type: res.headers.get("content-type"), bytes: Array.from(new Uint8Array(await res.arrayBuffer()).slice(0, 3)), text: await (await fetch(link.href)).text() };
    });
    expect(csv.type).toBe("text/csv; charset=utf-8");
    expect(csv.bytes).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text).toContain("主题,题号,题型,使用次数");

    // The trainee's result is now final.
    await page.reload();
    await expect.poll(() => page.getByText(/道主观题等待阅卷/).count()).toBe(0);
    expect(await page.getByText(/本次考试未达到合格线|恭喜，考试合格/).isVisible()).toBe(true);
    // The junior exam's policy: after it closes, the answers and explanations are shown.
    expect(await page.getByRole("heading", { name: "答卷回顾" }).isVisible()).toBe(true);
    expect(await page.getByText("阅卷评语: 要点不全").count()).toBe(2);
    await expectAccessible(page);
  });
});
