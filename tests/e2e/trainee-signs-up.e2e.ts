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

describe("a trainee signs up, switches language, signs out and signs in again", () => {
  test("on a phone", async () => {
    const page = await newPage(browser, { viewport: { width: 375, height: 740 } });
    const email = uniqueEmail("trainee");

    await visit(page, "/");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.getByRole("link", { name: "注册学员账号" }).first().click();
    await page.waitForURL(`${baseUrl()}/signup`);
    await expectAccessible(page);

    // A mistake first: the server answers in Chinese, beside the field, keeping what was typed.
    await page.getByLabel("姓名").fill("陈学员");
    await page.getByLabel("邮箱或手机号").fill(email);
    await page.getByLabel("密码", { exact: true }).fill("short");
    await page.getByLabel("确认密码").fill("short");
    await page.getByLabel(/我已阅读并同意隐私政策/).check();
    await page.getByRole("button", { name: "注册" }).click();
    await expect.poll(() => page.getByText("密码至少需要 8 个字符").isVisible()).toBe(true);
    await expectAccessible(page);

    await page.getByLabel("密码", { exact: true }).fill("trainee-password");
    await page.getByLabel("确认密码").fill("trainee-password");
    await page.getByLabel(/我已阅读并同意隐私政策/).check();
    await page.getByRole("button", { name: "注册" }).click();
    await page.waitForURL(`${baseUrl()}/`);
    await expect.poll(() => page.getByRole("heading", { name: "陈学员，您好" }).isVisible()).toBe(true);
    await expectAccessible(page);

    // Switch to English: the page, <html lang> and the account follow.
    // On a phone the account controls sit in the menu.
    await page.getByText("菜单", { exact: true }).click();
    await page.getByRole("button", { name: /Switch to English/ }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Welcome, 陈学员" }).isVisible()).toBe(true);
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await expectAccessible(page);

    // Sign out (from the menu, on a phone); the choice stays with the browser.
    await page.getByText("Menu", { exact: true }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => page.getByRole("link", { name: "Sign in" }).first().isVisible()).toBe(true);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");

    // A fresh browser (another device) that signs in gets the language saved on the account.
    const second = await newPage(browser);
    await visit(second, "/login");
    await second.getByLabel("邮箱或手机号").fill(email);
    await second.getByLabel("密码", { exact: true }).fill("trainee-password");
    await second.getByRole("main").getByRole("button", { name: "登录" }).click();
    await second.waitForURL(`${baseUrl()}/`);
    await expect.poll(() => second.getByRole("heading", { name: "Welcome, 陈学员" }).isVisible()).toBe(true);
    await expectAccessible(second);
  });

  test("signing up twice with one e-mail is a clear field error", async () => {
    const page = await newPage(browser);
    await visit(page, "/signup");
    await page.getByLabel("姓名").fill("重复");
    await page.getByLabel("邮箱或手机号").fill("trainee@demo.tm-academy.cn");
    await page.getByLabel("密码", { exact: true }).fill("password-123");
    await page.getByLabel("确认密码").fill("password-123");
    await page.getByLabel(/我已阅读并同意隐私政策/).check();
    await page.getByRole("button", { name: "注册" }).click();
    await expect.poll(() => page.getByText("该邮箱已注册，请直接登录或找回密码").isVisible()).toBe(true);
    await expectAccessible(page);
    await page.context().close();
  });

  test("a wrong password is refused, then the right one signs in", async () => {
    const page = await newPage(browser);
    await visit(page, "/login");
    await page.getByLabel("邮箱或手机号").fill("13800138000");
    await page.getByLabel("密码", { exact: true }).fill("not the password");
    await page.getByRole("main").getByRole("button", { name: "登录" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("账号或密码不正确");
    await signIn(page, "13800138000");
    await expect.poll(() => page.getByRole("heading", { name: "张晓芳，您好" }).isVisible()).toBe(true);
    await page.context().close();
  });
});
