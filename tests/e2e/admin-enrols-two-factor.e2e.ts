import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { baseUrl, DEMO_PASSWORD, expectAccessible, launchBrowser, newPage, signIn, visit } from "./browser";

const ADMIN = "admin@demo.tm-academy.cn";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The code the admin's authenticator app shows `stepsAhead` 30-second steps from now (RFC 6238). */
function codeFor(key: Uint8Array, stepsAhead = 0): string {
  return generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + stepsAhead), 6);
}

/** Password first; with an authenticator the next page asks for the code. */
async function passwordStep(page: Page) {
  await visit(page, "/login");
  await page.getByLabel("邮箱或手机号").fill(ADMIN);
  await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("main").getByRole("button", { name: "登录" }).click();
  await page.waitForURL(/\/sign-in\/two-factor/);
  await page.waitForLoadState("networkidle");
  await expectAccessible(page);
}

describe("a platform admin protects the account with a second factor", () => {
  // Four sign-ins and a dozen accessibility checks: more than the default minute on a busy machine.
  test("enrol with the QR code's key, sign in with a code and with a recovery code, turn it off", async () => {
    const admin = await newPage(browser);
    await signIn(admin, ADMIN);
    await visit(admin, "/account");
    await admin.getByRole("link", { name: "设置两步验证" }).click();
    await admin.waitForURL(`${baseUrl()}/account/two-factor`);
    await expect.poll(() => admin.getByText("未开启").isVisible()).toBe(true);
    await expectAccessible(admin);

    await admin.getByRole("button", { name: "开始设置" }).click();
    await expect
      .poll(() => admin.getByRole("img", { name: "两步验证二维码，请用验证器应用扫描" }).isVisible())
      .toBe(true);
    await expectAccessible(admin);
    // The key as the page shows it for typing into the app: the test is the app.
    const secret = ((await admin.getByTestId("two-factor-secret").textContent()) ?? "").replace(/\s/g, "");
    const key = decodeBase32IgnorePadding(secret);
    expect(key).toHaveLength(20);

    // A wrong code is refused with a message on the field.
    const current = codeFor(key);
    await admin.getByLabel("动态码").fill(current === "000000" ? "000001" : "000000");
    await admin.getByRole("button", { name: "验证并开启" }).click();
    await expect.poll(() => admin.getByText("动态码不正确或已使用过").isVisible()).toBe(true);
    await expectAccessible(admin);

    await admin.getByLabel("动态码").fill(codeFor(key));
    await admin.getByRole("button", { name: "验证并开启" }).click();
    await expect.poll(() => admin.getByText("两步验证已开启。", { exact: false }).isVisible()).toBe(true);
    const codes = admin.getByRole("list", { name: "您的 10 个恢复码" }).getByRole("listitem");
    await expect.poll(() => codes.count()).toBe(10);
    const recovery = (await codes.allTextContents()).map((c) => c.trim());
    for (const code of recovery) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    await expectAccessible(admin);

    // On another device: the password alone does not sign in; the app's code does.
    const laptop = await newPage(browser);
    await passwordStep(laptop);
    await visit(laptop, "/manage/audit");
    await laptop.waitForURL(/\/sign-in\/two-factor\?redirectTo=%2Fmanage%2Faudit/);
    // The enrolment used this step's code: the next step's is what the app shows next (accepted a step early).
    await laptop.getByLabel("动态码或恢复码").fill(codeFor(key, 1));
    await laptop.getByRole("button", { name: "验证", exact: true }).click();
    await laptop.waitForURL(`${baseUrl()}/manage/audit`);
    await laptop.getByLabel("操作").selectOption({ label: "开启两步验证" });
    await laptop.getByRole("button", { name: "筛选" }).click();
    await laptop.waitForURL(/action=auth\.two_factor_enable/);
    await expect.poll(() => laptop.getByRole("cell", { name: "开启两步验证" }).first().isVisible()).toBe(true);
    await expectAccessible(laptop);

    // Phone lost: a recovery code signs in once, and the settings page says how many are left.
    const borrowed = await newPage(browser);
    await passwordStep(borrowed);
    await borrowed.getByLabel("动态码或恢复码").fill(recovery[0]!);
    await borrowed.getByRole("button", { name: "验证", exact: true }).click();
    await borrowed.waitForURL(/\/account\/two-factor\?notice=recoveryUsed/);
    await expect.poll(() => borrowed.getByText("剩余 9 个", { exact: false }).isVisible()).toBe(true);
    await expectAccessible(borrowed);

    // Turned off with another recovery code; signing in needs only the password again.
    const off = borrowed.getByRole("region", { name: "关闭两步验证" });
    await off.getByLabel("动态码或恢复码").fill(recovery[1]!);
    await off.getByRole("button", { name: "关闭两步验证" }).click();
    await expect.poll(() => borrowed.getByText("两步验证已关闭。").isVisible()).toBe(true);
    await expectAccessible(borrowed);
    await signIn(await newPage(browser), ADMIN);
  }, 150_000);
});
