import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { baseUrl, expectAccessible, launchBrowser, newPage, signIn, uniqueEmail, visit } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a trainee studies a lesson on a phone and continues where they stopped", () => {
  test("enrol, read, self-check, complete, sign out, sign in, continue", async () => {
    const phone = { viewport: { width: 375, height: 740 } };
    const page = await newPage(browser, phone);
    const email = uniqueEmail("learner");

    // Sign up at the Taiyuan center.
    await visit(page, "/signup");
    await page.getByLabel("姓名").fill("王学员");
    await page.getByLabel("邮箱或手机号").fill(email);
    await page.getByLabel("密码", { exact: true }).fill("learner-password");
    await page.getByLabel("确认密码").fill("learner-password");
    await page.getByLabel("所属培训基地（可选）").selectOption({ label: "太原技术转移促进中心（山西（太原））" });
    await page.getByLabel(/我已阅读并同意隐私政策/).check();
    await page.getByRole("button", { name: "注册" }).click();
    await page.waitForURL(`${baseUrl()}/`);
    await expect.poll(() => page.getByRole("heading", { name: "我的认证路径" }).isVisible()).toBe(true);
    await expectAccessible(page);

    // The path: junior open, intermediate locked with the reason.
    await visit(page, "/learn");
    expect(await page.getByText("需要先持有有效的初级技术经理人证书").count()).toBeGreaterThan(0);
    await page.getByRole("link", { name: "初级技术经理人" }).click();
    await page.waitForURL(`${baseUrl()}/learn/junior`);
    await expectAccessible(page);

    // Enrol in the law course; the first lesson opens.
    await page.getByRole("link", { name: "促进科技成果转化法解读" }).click();
    await page.waitForURL(`${baseUrl()}/learn/courses/transformation-law`);
    await expectAccessible(page);
    await page.getByRole("button", { name: "报名学习本课程" }).click();
    await page.waitForURL(`${baseUrl()}/learn/courses/transformation-law/five-ways`);
    await expect
      .poll(() => page.getByRole("heading", { name: "科技成果转化的五种方式", level: 1 }).isVisible())
      .toBe(true);
    await expectAccessible(page);

    // The self-check answers come from the server only after answering.
    const html = await page.content();
    expect(html).not.toContain("无偿捐赠境外不在其列");
    // Not yet: the button says what the completion rule still asks for (levels.yaml; the browser tests' server
    // asks for about 5 s of this 35-minute lesson instead of half of it).
    const complete = page.getByRole("button", { name: "标记为已完成" });
    expect(await complete.isDisabled()).toBe(true);
    expect(await page.getByText("还需学习约 1 分钟").isVisible()).toBe(true);
    expect(await page.getByText("先完成本课自测（还有 3 题未作答）").isVisible()).toBe(true);

    // The self-check, every question (a wrong answer counts as answered).
    const questions = page.locator("form").filter({ hasText: "核对答案" });
    const question = questions.first();
    await question.getByRole("radio").nth(3).check();
    await question.getByRole("button", { name: "核对答案" }).click();
    await expect.poll(() => question.getByText("回答正确！").isVisible()).toBe(true);
    await expectAccessible(page);
    for (const n of [1, 2]) {
      await questions.nth(n).getByRole("radio").nth(2).check();
      await questions.nth(n).getByRole("button", { name: "核对答案" }).click();
      await expect
        .poll(() =>
          questions
            .nth(n)
            .getByText(/回答正确！|回答有误/)
            .isVisible(),
        )
        .toBe(true);
    }
    await expect.poll(() => page.getByText(/先完成本课自测/).count()).toBe(0);

    // The study time: a heartbeat reports the seconds spent reading; the button becomes available.
    await page.waitForTimeout(6000);
    const studied = await page.evaluate(
      async (id) => {
        const res = await fetch("/learn/heartbeat", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ lessonId: id, seconds: 300 }),
        });
        return res.status;
      },
      await page.locator('input[name="lessonId"]').first().inputValue(),
    );
    expect(studied).toBe(200);
    await expect.poll(() => complete.isEnabled(), { timeout: 15_000 }).toBe(true);

    // Complete it: on to lesson 2.
    await complete.click();
    await page.waitForURL(`${baseUrl()}/learn/courses/transformation-law/pricing-and-publicity`);
    await page.waitForLoadState("networkidle");
    await expectAccessible(page);

    // Study time: the browser reports active seconds; the server accepts no more than has passed.
    const lessonId = await page.locator('input[name="lessonId"]').first().inputValue();
    await page.waitForTimeout(2000);
    const beat = await page.evaluate(async (id) => {
      const res = await fetch("/learn/heartbeat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ lessonId: id, seconds: 300 }),
      });
      return { status: res.status, body: await res.json() };
    }, lessonId);
    expect(beat.status).toBe(200);
    expect(beat.body.added).toBeGreaterThanOrEqual(2);
    expect(beat.body.added).toBeLessThan(30);

    // Sign out, come back on another device: the dashboard offers to continue with lesson 2.
    // On a phone the account controls sit in the menu.
    await page.getByText("菜单", { exact: true }).click();
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect.poll(() => page.getByRole("link", { name: "登录" }).first().isVisible()).toBe(true);
    const again = await newPage(browser, phone);
    await signIn(again, email, "learner-password");
    // The study path offers to continue with lesson 2.
    await visit(again, "/learn");
    const resume = again.getByRole("link", { name: /^继续学习：定价方式与公示制度/ }).first();
    await expect.poll(() => resume.isVisible()).toBe(true);
    await resume.click();
    await again.waitForURL(`${baseUrl()}/learn/courses/transformation-law/pricing-and-publicity`);
    await expectAccessible(again);

    // The course page shows lesson 1 done.
    await visit(again, "/learn/courses/transformation-law");
    expect(await again.getByText("已完成 1 / 4 课时").first().isVisible()).toBe(true);

    // The Taiyuan staff see this trainee's progress; Beijing's staff do not see the trainee.
    const staff = await newPage(browser);
    await signIn(staff, "staff.taiyuan@demo.tm-academy.cn");
    await staff.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的培训基地" }).first().click();
    await expect.poll(() => staff.getByRole("link", { name: "王学员" }).isVisible()).toBe(true);
    await expectAccessible(staff);
    await staff.getByRole("link", { name: "王学员" }).click();
    await expect.poll(() => staff.getByRole("heading", { name: /王学员/ }).isVisible()).toBe(true);
    await expectAccessible(staff);
    const detailUrl = staff.url();
    const other = await newPage(browser);
    await signIn(other, "staff.beijing@demo.tm-academy.cn");
    const refused = await visit(other, new URL(detailUrl).pathname);
    expect(refused?.status()).toBe(403);
  }, 120_000);
});
