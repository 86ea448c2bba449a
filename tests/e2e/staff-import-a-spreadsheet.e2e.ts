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

const mobile = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

describe("center staff import a spreadsheet of trainees", () => {
  test("Taiyuan staff upload a list with a mistake, see it on its line, upload the corrected list, import it into a new cohort, and hand the mobile-only trainee a set-password QR code", async () => {
    const page = await newPage(browser);
    await signIn(page, "staff.taiyuan@demo.tm-academy.cn");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的培训基地" }).first().click();
    await page.waitForURL(/\/manage\/organizations\/[0-9a-f-]{36}$/);
    const center = new URL(page.url()).pathname;

    // A cohort for the newcomers, opened through the cohorts page.
    const cohortName = `导入测试班${Date.now() % 100000}`;
    await visit(page, `${center}/cohorts`);
    await page.getByLabel("班级名称").fill(cohortName);
    await page.getByLabel("等级").selectOption({ label: "初级技术经理人" });
    await page.getByLabel("容量（人）").fill("10");
    await page.getByLabel("开班日期").fill("2026-09-01");
    await page.getByLabel("结班日期").fill("2026-12-31");
    // Creating the cohort opens its page.
    await page.getByRole("button", { name: "创建班级" }).click();
    await page.waitForURL(/\/cohorts\/[0-9a-f-]{36}$/);
    const cohortPath = new URL(page.url()).pathname;
    const cohortId = cohortPath.split("/").pop()!;

    const people = [
      { name: "赵一鸣", mobile: mobile(), email: uniqueEmail("zhao") },
      { name: "钱晓雨", mobile: "1390000111", email: uniqueEmail("qian") }, // ten digits: a typing mistake
      { name: "孙立新", mobile: mobile(), email: "" },
    ];
    const csv = (rows: typeof people) =>
      Buffer.from(
        "\uFEFF姓名,手机号,邮箱,工作单位\r\n" +
          rows.map((p) => `${p.name},${p.mobile},${p.email},太原理工大学`).join("\r\n") +
          "\r\n",
      );

    await visit(page, `${center}/import`);
    await page.getByLabel("导入到班级（可选）").selectOption(cohortId);
    await page
      .getByLabel("学员名单文件")
      .setInputFiles({ name: "学员名单.csv", mimeType: "text/csv", buffer: csv(people) });
    await page.getByRole("button", { name: "检查文件" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "检查结果：学员名单.csv" }).isVisible()).toBe(true);
    const badRow = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "3", exact: true }) });
    expect(await badRow.textContent()).toContain("手机号格式不对");
    expect(await page.getByRole("button", { name: "确认导入" }).count()).toBe(0);
    await expectAccessible(page);

    // The corrected file, uploaded again.
    people[1]!.mobile = mobile();
    await page.getByLabel("导入到班级（可选）").selectOption(cohortId);
    await page
      .getByLabel("修改文件后重新上传")
      .setInputFiles({ name: "学员名单-改.csv", mimeType: "text/csv", buffer: csv(people) });
    await page.getByRole("button", { name: "检查文件" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "检查结果：学员名单-改.csv" }).isVisible()).toBe(true);
    expect(await page.getByText("检查通过").isVisible()).toBe(true);
    await expectAccessible(page);
    await page.getByLabel(/我确认已告知本批学员隐私政策/).check();
    await page.getByRole("button", { name: "确认导入" }).click();
    await expect
      .poll(() => page.getByRole("heading", { name: "导入完成" }).isVisible(), { timeout: 20_000 })
      .toBe(true);
    const summary = await page.getByRole("status").textContent();
    expect(summary).toContain("新建账号：3 人");
    expect(summary).toContain("已发送设置密码邮件：2 封");
    expect(await page.getByText("1 个新账号只有手机号").isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: "为只有手机号的学员生成设置密码链接" }).getAttribute("href")).toBe(
      `${center}/password-links`,
    );
    await expectAccessible(page);

    await page.getByRole("link", { name: "查看班级" }).click();
    await page.waitForURL(baseUrl() + cohortPath);
    await page.waitForLoadState("networkidle");
    const members = page.locator("section[aria-labelledby=members-heading]");
    // Polled: the cohort page replaces the result page once its data has arrived.
    for (const person of people)
      await expect
        .poll(() => members.getByRole("link", { name: person.name }).isVisible(), { timeout: 15_000 })
        .toBe(true);
    await expectAccessible(page);

    // Issuing through the cohort's own picker: all its members chosen at once; none has studied yet, so nothing
    // is issued and each is told what is missing.
    const issuing = page.locator("section[aria-labelledby=certificates-heading]");
    await issuing.getByLabel(`选择全部 ${people.length} 名符合条件的学员（含其他页）`).check();
    await issuing.getByRole("button", { name: "为所选成员颁发证书" }).click();
    const outcome = issuing.getByRole("table", { name: "颁发结果" });
    await expect.poll(() => outcome.isVisible(), { timeout: 15_000 }).toBe(true);
    const rows = await outcome.locator("tbody tr").allInnerTexts();
    expect(rows).toHaveLength(people.length);
    expect(rows.every((row) => row.includes("未满足"))).toBe(true);
    await expectAccessible(page);

    // 孙立新 has only a mobile number: the staff make a set-password link, shown once as a QR code to scan.
    await visit(page, `${center}/password-links`);
    await page.getByRole("link", { name: "生成链接：孙立新" }).click();
    await page.waitForURL(/\/password-link$/);
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: "生成链接和二维码" }).click();
    await expect.poll(() => page.getByRole("img", { name: "孙立新的设置密码链接二维码" }).isVisible()).toBe(true);
    const link = await page.getByLabel("链接（可复制后发给学员本人）").inputValue();
    expect(link).toMatch(/\/reset-password\/[a-z2-7]{24}$/);
    await expectAccessible(page);
    await page.context().close();

    // On the trainee's phone: the link sets the password, then the mobile number and that password sign in.
    const phone = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true });
    await visit(phone, new URL(link).pathname);
    expect(await phone.getByRole("heading", { name: "设置密码" }).isVisible()).toBe(true);
    await phone.getByLabel("新密码").fill("sun-lixin-2026");
    await phone.getByLabel("确认密码").fill("sun-lixin-2026");
    await phone.getByRole("button", { name: "保存新密码" }).click();
    await phone.waitForURL(/\/login/);
    await signIn(phone, people[2]!.mobile, "sun-lixin-2026");
    await phone.context().close();
  }, 180_000);
});
