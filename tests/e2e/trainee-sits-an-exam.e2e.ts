import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { toChinaLocal } from "../../app/utils/china-time";
import { expectAccessible, launchBrowser, newPage, signIn, visit } from "./browser";
import { answerShownQuestion, loadBankKeys } from "./exam-key";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a trainee sits an exam and loses nothing", () => {
  test(
    "a session is scheduled; answers survive a reload and a dropped connection; time runs out and the saved answers are graded; the trainee passes",
    { timeout: 420_000 },
    async () => {
      const keys = await loadBankKeys("junior");

      // The Taiyuan center cancels the demo cohort's open session and schedules one for 李明 by name,
      // closing within 2–3 minutes.
      const staff = await newPage(browser);
      await signIn(staff, "staff.taiyuan@demo.tm-academy.cn");
      await staff
        .getByRole("navigation", { name: "主导航" })
        .getByRole("link", { name: "我的培训基地" })
        .first()
        .click();
      await staff.getByRole("link", { name: "考试场次" }).click();
      await staff.waitForURL(/\/exam-sessions$/);
      await staff.waitForLoadState("networkidle");
      await expectAccessible(staff);
      const demoRow = staff.getByRole("row").filter({ hasText: "初级结业考试（演示场次）" });
      await demoRow.getByRole("button", { name: "取消场次" }).click();
      await expect.poll(() => demoRow.getByText("已取消").isVisible()).toBe(true);
      // 李明 (ready@) is found in the picker by e-mail (the page reloads with the search), then the session is filled in.
      await staff.getByLabel("姓名、手机号或邮箱").fill("ready@demo.tm-academy.cn");
      await staff.getByRole("button", { name: "查找" }).click();
      await staff.waitForURL(/p_q=/);
      await staff.waitForLoadState("networkidle");
      const found = staff.getByRole("table", { name: "选择学员" }).locator("tbody tr");
      await expect.poll(() => found.count()).toBe(1);
      await found.first().getByRole("checkbox").check();
      const minute = Math.floor(Date.now() / 60_000) * 60_000;
      await staff.getByLabel("场次名称").fill("李明补考场次");
      // The page now has more than one "等级" control (a filter); the session form's is this one.
      await staff.locator("#session-level").selectOption({ label: "初级技术经理人" });
      await staff.getByLabel("开始时间").fill(toChinaLocal(new Date(minute)));
      await staff.getByLabel("结束时间").fill(toChinaLocal(new Date(minute + 3 * 60_000)));
      await staff.getByRole("button", { name: "安排场次" }).click();
      await expect.poll(() => staff.getByRole("row").filter({ hasText: "李明补考场次" }).isVisible()).toBe(true);
      await expectAccessible(staff);

      const page = await newPage(browser, { viewport: { width: 375, height: 800 } });
      await signIn(page, "ready@demo.tm-academy.cn");
      // The home page says what to do next: the session is open. The phone header stays one row.
      await visit(page, "/");
      await expect.poll(() => page.getByRole("heading", { name: "可以参加初级技术经理人考试" }).isVisible()).toBe(true);
      expect(await page.locator("header").evaluate((el) => el.getBoundingClientRect().height)).toBeLessThanOrEqual(64);
      await page.screenshot({ path: "docs/screenshots/home-phone-exam-open.png", fullPage: true });
      await visit(page, "/exams");
      expect(await page.getByText("李明补考场次").isVisible()).toBe(true);
      // Starting opens the briefing first: sections, time and the session's close, pass mark, attempts.
      await page.getByRole("link", { name: "开始考试" }).first().click();
      await page.waitForURL(/\/exams\/briefing\/junior$/);
      // The URL changes before the briefing is on screen (Remix renders it in a transition), and the exams list
      // says "共 50 题" too: wait for what only the briefing shows.
      await expect.poll(() => page.getByRole("button", { name: "确认开始" }).isVisible()).toBe(true);
      expect(await page.getByText("共 50 题").first().isVisible()).toBe(true);
      expect(
        await page
          .getByText(/本场考试 .* 结束/)
          .first()
          .isVisible(),
      ).toBe(true);
      expect(await page.getByText("及格线：60%").first().isVisible()).toBe(true);
      await expectAccessible(page);
      await page.getByRole("button", { name: "确认开始" }).click();
      await page.waitForURL(/\/exams\/attempts\/[0-9a-f-]{36}$/);
      await page.waitForLoadState("networkidle");
      await expectAccessible(page);

      // No answer key, rubric or explanation reaches the browser.
      expect(await page.content()).not.toMatch(/rubric|explanation|\\"answer\\"/);
      // The deadline is the session's close, not the 90 minutes the exam allows.
      await expect.poll(() => page.getByRole("timer").textContent()).toMatch(/^0[0-4]:\d\d$/);

      // Question 1: saved at once, and still there after a reload.
      await answerShownQuestion(page, keys);
      await expect.poll(() => page.getByRole("status").textContent()).toBe("答案已保存");
      // A flag (标记) is saved with the attempt: it survives the reload too.
      await page.getByRole("checkbox", { name: "标记" }).check();
      await page.waitForLoadState("networkidle");
      await page.reload();
      await page.waitForLoadState("networkidle");
      await expect.poll(() => page.getByText("已答 1 / 50 题").isVisible()).toBe(true);
      expect(await page.getByRole("checkbox", { name: "标记" }).isChecked()).toBe(true);

      // The connection drops while answering question 2: the answer waits on this device, then goes.
      await page.getByRole("button", { name: "下一题" }).click();
      await page.context().setOffline(true);
      await answerShownQuestion(page, keys);
      await expect.poll(() => page.getByRole("status").textContent()).toContain("网络中断");
      await page.context().setOffline(false);
      await expect.poll(() => page.getByRole("status").textContent(), { timeout: 15_000 }).toBe("答案已保存");
      await page.reload();
      await page.waitForLoadState("networkidle");
      expect(await page.getByText("已答 2 / 50 题").isVisible()).toBe(true);

      // Submitting asks first and lists the unanswered questions; the trainee keeps working.
      await page.getByRole("button", { name: "交卷" }).click();
      await expect.poll(() => page.getByText(/以下题目尚未作答：3、4、5/).isVisible()).toBe(true);
      await expectAccessible(page);
      await page.getByRole("button", { name: "继续作答" }).click();

      // The rest, as a prepared candidate would answer them.
      await page.getByRole("button", { name: /^第 3 题/ }).click();
      for (let n = 3; n <= 50; n++) {
        await answerShownQuestion(page, keys);
        if (n < 50) await page.getByRole("button", { name: "下一题" }).click();
      }
      await expect.poll(() => page.getByRole("status").textContent(), { timeout: 15_000 }).toBe("答案已保存");
      expect(await page.getByText("已答 50 / 50 题").isVisible()).toBe(true);

      // Nobody submits: when the time runs out the page says so, and the server grades what was saved.
      // The notice stands for about 1.5 s before the result replaces it: wait for it continuously, not by polling.
      await page.getByText("考试时间已到，系统将按已保存的答案评分。").waitFor({ state: "visible", timeout: 300_000 });
      await expect
        .poll(() => page.getByRole("heading", { name: "考试结果" }).isVisible(), { timeout: 30_000 })
        .toBe(true);
      expect(await page.getByText("考试在截止时间自动结束，按已保存的答案评分。").isVisible()).toBe(true);
      expect(await page.getByText(/道主观题等待阅卷/).isVisible()).toBe(true);
      await expectAccessible(page);
      await visit(page, "/");
      await expect.poll(() => page.getByRole("heading", { name: "已交卷，等待阅卷" }).isVisible()).toBe(true);
      await page.screenshot({ path: "docs/screenshots/home-phone-grading-pending.png", fullPage: true });
      await page.goBack();
      await page.waitForLoadState("networkidle");

      // The center's staff grade the written answers against the rubric, full marks.
      await staff.goto(staff.url().replace(/\/exam-sessions(\?.*)?$/, "/grading"));
      await staff.waitForLoadState("networkidle");
      await expectAccessible(staff);
      const forms = staff.locator("li.card").filter({ hasText: "李明" });
      const essays = await forms.count();
      expect(essays).toBeGreaterThan(0);
      for (let left = essays - 1; left >= 0; left--) {
        const form = forms.first();
        // One score per rubric criterion (or one for the answer when its rubric lists none), each at its maximum.
        const scores = form.locator('input[type="number"]');
        for (let k = 0; k < (await scores.count()); k++) {
          const score = scores.nth(k);
          expect(await score.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? "")).toMatch(/满分/);
          await score.fill((await score.getAttribute("max"))!);
        }
        await form.getByLabel("评语").fill("要点齐全");
        await form.getByRole("button", { name: "保存评分" }).click();
        await expect.poll(() => forms.count()).toBe(left);
      }
      expect(await staff.getByText("没有待阅的主观题。").isVisible()).toBe(true);

      // The item statistics include this attempt; CSV and Excel files come with Chinese headers.
      await staff.goto(
        staff.url().replace(/\/manage\/organizations\/([^/]+)\/grading$/, "/manage/exam-stats?center=$1"),
      );
      await staff.waitForLoadState("networkidle");
      // The count covers every graded attempt at the center (the demo history too), the same as the distribution.
      const graded = staff.getByText(/已评分考试 \d+ 次/);
      await expect.poll(() => graded.isVisible()).toBe(true);
      expect(Number(/(\d+)/.exec((await graded.textContent()) ?? "")?.[1])).toBeGreaterThanOrEqual(1);
      await expectAccessible(staff);
      const files = await staff.evaluate(async () => {
        const csvLink = document.querySelector<HTMLAnchorElement>('a[href^="/manage/exam-stats.csv"]')!;
        const xlsxLink = document.querySelector<HTMLAnchorElement>('a[href^="/manage/exam-stats.xlsx"]')!;
        const csv = await fetch(csvLink.href);
        const bytes = new Uint8Array(await csv.arrayBuffer());
        const xlsx = await fetch(xlsxLink.href);
        return {
          csvType: csv.headers.get("content-type"),
          bom: Array.from(bytes.slice(0, 3)),
          text: new TextDecoder().decode(bytes),
          xlsxType: xlsx.headers.get("content-type"),
          zip: Array.from(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)),
        };
      });
      expect(files.csvType).toBe("text/csv; charset=utf-8");
      expect(files.bom).toEqual([0xef, 0xbb, 0xbf]);
      expect(files.text).toContain("主题,题号,题型,使用次数");
      expect(files.xlsxType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      expect(files.zip).toEqual([0x50, 0x4b]);

      // The trainee's result is final: passed. The session has closed, so the review is open.
      await page.reload();
      await expect.poll(() => page.getByText(/道主观题等待阅卷/).count()).toBe(0);
      expect(await page.getByText("恭喜，考试合格").isVisible()).toBe(true);
      expect(await page.getByRole("heading", { name: "答卷回顾" }).isVisible()).toBe(true);
      expect(await page.getByText("阅卷评语: 要点齐全").count()).toBe(essays);
      await expectAccessible(page);

      // Passing completed the junior level: the certificate was issued at the last grade, and the home page
      // leads to it (and to the intermediate level it opened).
      await visit(page, "/");
      await expect.poll(() => page.getByRole("heading", { name: "中级技术经理人已开放" }).isVisible()).toBe(true);
      await page.screenshot({ path: "docs/screenshots/home-phone-next-level.png", fullPage: true });
      await visit(page, "/exams");
      expect(await page.getByTestId("passed-junior").isVisible()).toBe(true);
      expect(await page.getByText(/后可再次参加/).count()).toBe(0);
      await visit(page, "/learn/junior");
      expect(await page.getByText("已取得本等级证书。").isVisible()).toBe(true);
      await expectAccessible(page);
      await page.getByRole("link", { name: "查看我的证书" }).click();
      await page.waitForURL(/\/certificates\/[0-9a-f-]{36}$/);
      // The URL changes a moment before React commits the new page (a client-side navigation): wait for it.
      await expect.poll(() => page.locator("main").getByText("有效", { exact: true }).first().isVisible()).toBe(true);
      expect(await page.locator("dl").getByText("李明", { exact: true }).isVisible()).toBe(true);
      expect(
        await page
          .locator("dl")
          .getByText(/^TMA-\d{4}-SX-J-\d{5}$/)
          .isVisible(),
      ).toBe(true);
      await expectAccessible(page);
      const downloads = await page.evaluate(async () => {
        const pdfLink = document.querySelector<HTMLAnchorElement>('a[href$="/pdf"]')!;
        const badgeLink = document.querySelector<HTMLAnchorElement>('a[href$="/credential"]')!;
        const pdf = await fetch(pdfLink.href);
        const badge = await fetch(badgeLink.href);
        return {
          pdfType: pdf.headers.get("content-type"),
          pdfStart: new TextDecoder().decode(new Uint8Array(await pdf.arrayBuffer()).slice(0, 5)),
          badgeType: badge.headers.get("content-type"),
          badge: await badge.text(),
        };
      });
      expect(downloads.pdfType).toBe("application/pdf");
      expect(downloads.pdfStart).toBe("%PDF-");
      expect(downloads.badgeType).toBe("application/vc+jwt");
      expect(downloads.badge.split(".")).toHaveLength(3);
    },
  );
});
