import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { baseUrl, expectAccessible, launchBrowser, linkFromMail, newPage, signIn, uniqueEmail, visit } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a platform admin opens a center and its first staff member starts work", () => {
  test("create the center, add staff, the e-mailed link sets a password, the audit log shows it all", async () => {
    const admin = await newPage(browser);
    await signIn(admin, "admin@demo.tm-academy.cn");
    const centerName = `测试培训基地${Date.now()}`;

    await visit(admin, "/manage/organizations");
    await admin.getByLabel("所属区域").selectOption({ label: "西安" });
    await admin.getByLabel("中文名称").fill(centerName);
    await admin.getByLabel("英文名称").fill("Test Training Center");
    await admin.getByRole("button", { name: "新建机构" }).click();
    await expect.poll(() => admin.getByText("机构已创建。").isVisible()).toBe(true);
    await expectAccessible(admin);

    await admin.getByRole("link", { name: centerName }).click();
    await expect.poll(() => admin.getByRole("heading", { name: centerName }).isVisible()).toBe(true);
    const email = uniqueEmail("staff");
    await admin.getByLabel("姓名").fill("刘老师");
    await admin.getByLabel("电子邮箱").fill(email);
    await admin.getByRole("button", { name: "添加并发送邮件" }).click();
    await expect.poll(() => admin.getByText("已添加，设置密码的邮件已发出。").isVisible()).toBe(true);
    await expect.poll(() => admin.getByRole("cell", { name: email }).isVisible()).toBe(true);

    // The mail sits in the outbox, readable by the admin.
    await visit(admin, "/manage/outbox");
    const mail = admin
      .getByRole("article", { name: "【技术经理人学院】请设置您的账号密码" })
      .filter({ hasText: email });
    const text = (await mail.textContent()) ?? "";
    // The admin sees the link with its token masked; only the mailbox gets the working link.
    expect(text).toMatch(/\/reset-password\/[a-z0-9]{4}…/);
    const link = await linkFromMail(email, "/reset-password/");

    // The staff member follows the link, sets a password and lands on their center.
    const staff = await newPage(browser);
    await staff.goto(link);
    await expectAccessible(staff);
    await staff.getByLabel("新密码").fill("staff-password-1");
    await staff.getByLabel("确认密码").fill("staff-password-1");
    await staff.getByRole("button", { name: "保存新密码" }).click();
    await staff.waitForURL(`${baseUrl()}/login?notice=passwordReset`);
    // An account made by an admin has not agreed to the privacy notice: it is asked first, then goes on home.
    await visit(staff, "/login");
    await staff.getByLabel("邮箱或手机号").fill(email);
    await staff.getByLabel("密码", { exact: true }).fill("staff-password-1");
    await staff.getByRole("main").getByRole("button", { name: "登录" }).click();
    await staff.waitForURL(/\/privacy\/consent/);
    await expectAccessible(staff);
    await staff.getByLabel(/我已阅读并同意隐私政策/).check();
    await staff.getByRole("button", { name: "同意并继续" }).click();
    await staff.waitForURL(baseUrl() + "/");
    await staff.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的培训基地" }).first().click();
    await expect.poll(() => staff.getByRole("heading", { name: centerName }).isVisible()).toBe(true);

    // The link works once only.
    await staff.goto(link);
    await expect.poll(() => staff.getByText("该链接无效、已使用或已过期。").isVisible()).toBe(true);

    // Every change is in the audit log, which can be filtered by action.
    await visit(admin, "/manage/audit");
    await admin.getByLabel("操作").selectOption({ label: "创建机构" });
    await admin.getByRole("button", { name: "筛选" }).click();
    await admin.waitForURL(/action=organization\.create/);
    // The URL changes before React renders the filtered table (the router renders in a transition),
    // so wait for the other actions' rows to go rather than reading the table once.
    await expect.poll(() => admin.getByRole("cell", { name: "添加人员角色" }).count()).toBe(0);
    // The center's name is also an option of the center filter; look for it in the log's table.
    await expect.poll(() => admin.getByRole("table").getByText(centerName).first().isVisible()).toBe(true);
    await expectAccessible(admin);

    // Exam parameters and content versions are the platform's screens too.
    await visit(admin, "/manage/exams");
    expect(await admin.getByLabel("考试时长（分钟）").first().inputValue()).toBe("90");
    await visit(admin, "/manage/content");
    expect(await admin.getByRole("cell", { name: "科技成果转化的五种方式", exact: false }).count()).toBeGreaterThan(0);
  });
});
