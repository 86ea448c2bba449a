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

describe("a trainee uses their personal data rights (docs/privacy.md)", () => {
  test(
    "reads the notice, agrees at sign-up, downloads their data, asks for deletion; an admin completes it",
    {
      timeout: 180_000,
    },
    async () => {
      const email = uniqueEmail("rights");
      const name = `隐私学员${Date.now() % 100000}`;
      const page = await newPage(browser);

      await visit(page, "/privacy");
      await expect.poll(() => page.getByRole("heading", { name: "隐私政策" }).isVisible()).toBe(true);
      await expectAccessible(page);

      await visit(page, "/signup");
      await page.getByLabel("姓名").fill(name);
      await page.getByLabel("邮箱或手机号").fill(email);
      await page.getByLabel("密码", { exact: true }).fill("rights-password");
      await page.getByLabel("确认密码").fill("rights-password");
      await page.getByLabel(/我已阅读并同意隐私政策/).check();
      await page.getByRole("button", { name: "注册" }).click();
      await page.waitForURL(`${baseUrl()}/`);

      await visit(page, "/account/data");
      await expect.poll(() => page.getByRole("heading", { name: "我的数据" }).isVisible()).toBe(true);
      await expectAccessible(page);
      // The downloads, with the page's own cookies: their own account, their consent.
      const json = await (await page.request.get(`${baseUrl()}/account/data.json`)).json();
      expect(json.account.email).toBe(email);
      expect(json.privacy.consents).toHaveLength(1);
      const html = await (await page.request.get(`${baseUrl()}/account/data.html`)).text();
      expect(html).toContain(name);

      await page.getByLabel("申请原因").fill("不再参加培训");
      await page.getByRole("button", { name: "提交删除申请" }).click();
      await expect.poll(() => page.getByText("删除申请已提交").isVisible()).toBe(true);
      await expect.poll(() => page.getByRole("cell", { name: "待处理" }).isVisible()).toBe(true);
      await expectAccessible(page);

      const admin = await newPage(browser);
      await signIn(admin, "admin@demo.tm-academy.cn");
      await visit(admin, "/manage/privacy-requests");
      const request = admin.getByRole("article", { name });
      await expect.poll(() => request.isVisible()).toBe(true);
      await expectAccessible(admin);
      await request.getByLabel("处理说明（将告知申请人）").fill("已核实身份");
      await request.getByRole("button", { name: "完成删除" }).click();
      await expect.poll(() => admin.getByText("已删除该用户的个人信息。").isVisible()).toBe(true);

      // Their session ended with the erasure: the next page asks them to sign in, and their e-mail signs no one in.
      await visit(page, "/account/data");
      await page.waitForURL(/\/login/);
    },
  );
});
