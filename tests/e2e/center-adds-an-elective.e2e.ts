import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectAccessible, launchBrowser, newPage, signIn, uniqueEmail, visit } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a center adds an elective that only its trainees see", () => {
  test("Taiyuan's staff write it with a live preview; Taiyuan's trainee studies it; a trainee of no center never sees it", async () => {
    const title = `山西省地方政策${Date.now()}`;
    const staff = await newPage(browser);
    await signIn(staff, "staff.taiyuan@demo.tm-academy.cn");
    await staff.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的培训基地" }).first().click();
    await staff.getByRole("link", { name: "选修课程" }).click();
    await expect.poll(() => staff.getByRole("heading", { name: "选修课程", level: 1 }).isVisible()).toBe(true);
    await expectAccessible(staff);

    await staff.getByLabel("等级").selectOption("junior");
    await staff.getByLabel("课程名称（中文）").fill(title);
    await staff.getByLabel("课程名称（英文）").fill("Shanxi's local policies");
    await staff.getByLabel("课程简介（中文）").fill("本省科技成果转化的地方政策。");
    await staff.getByLabel("课程简介（英文）").fill("The province's own technology transfer policies.");
    await staff.getByLabel("学习目标").fill("了解本省的奖励办法");
    await staff.getByLabel("课时标题（中文）").fill("本省的奖励办法");
    await staff.getByLabel("课时标题（英文）").fill("The province's rewards");
    await staff.getByLabel("预计学习分钟数").fill("20");
    await staff
      .getByLabel("课时正文（Markdown）")
      .fill('## 奖励办法\n\n**净收入的七成**奖励给完成人。\n\n<script>alert("x")</script>');
    // The preview is what trainees will see: rendered, and the script removed.
    const preview = staff.getByTestId("markdown-preview");
    await expect.poll(() => preview.getByRole("heading", { name: "奖励办法" }).isVisible()).toBe(true);
    expect(await preview.innerHTML()).not.toContain("<script");
    expect(await preview.locator("strong").textContent()).toBe("净收入的七成");
    await expectAccessible(staff);

    await staff.getByRole("button", { name: "新增选修课程" }).click();
    await expect.poll(() => staff.getByText(`已新增选修课程“${title}”`).isVisible()).toBe(true);
    await expect.poll(() => staff.getByRole("cell", { name: title }).isVisible()).toBe(true);
    await expectAccessible(staff);

    // Taiyuan's trainee finds it on the junior level's page, marked as an elective, and reads its lesson.
    const trainee = await newPage(browser);
    await signIn(trainee, "trainee@demo.tm-academy.cn");
    await visit(trainee, "/learn/junior");
    const card = trainee.getByRole("listitem").filter({ hasText: title });
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.textContent()).toContain("选修");
    await card.getByRole("link", { name: title }).click();
    // The card's own heading has the title too: wait for the course page itself.
    await trainee.waitForURL(/\/learn\/courses\/elective-[0-9a-f]+$/);
    await expect.poll(() => trainee.getByRole("heading", { name: title }).isVisible()).toBe(true);
    const coursePath = new URL(trainee.url()).pathname;
    await expectAccessible(trainee);

    // Someone who is no trainee of Taiyuan: not in the list, and the address is a 404.
    const stranger = await newPage(browser);
    await visit(stranger, "/signup");
    await stranger.getByLabel("姓名").fill("外地学员");
    await stranger.getByLabel("邮箱或手机号").fill(uniqueEmail("elsewhere"));
    await stranger.getByLabel("密码", { exact: true }).fill("trainee-password");
    await stranger.getByLabel("确认密码").fill("trainee-password");
    await stranger.getByLabel(/我已阅读并同意隐私政策/).check();
    await stranger.getByRole("button", { name: "注册" }).click();
    await stranger.waitForURL((url) => url.pathname === "/");
    await visit(stranger, "/learn/junior");
    await expect.poll(() => stranger.locator("#courses-heading").isVisible()).toBe(true);
    expect(await stranger.getByText(title).count()).toBe(0);
    expect((await visit(stranger, coursePath))?.status()).toBe(404);
  });
});
