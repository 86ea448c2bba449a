import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { baseUrl, expectAccessible, launchBrowser, newPage, signIn, visit } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Every console error and uncaught page error (React's hydration errors are among them). */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

describe("a trainee on a phone and a desktop, in two languages", () => {
  test(
    "the account's language wins over each device's cookie, with no hydration error; the phone menu closes on navigation",
    { timeout: 180_000 },
    async () => {
      const phone = await newPage(browser, { viewport: { width: 375, height: 800 } });
      const phoneErrors = watchErrors(phone);
      await signIn(phone, "holder@demo.tm-academy.cn");
      expect(await phone.locator("header").evaluate((el) => el.getBoundingClientRect().height)).toBeLessThanOrEqual(64);
      expect(await phone.locator("[data-next-step]").isVisible()).toBe(true);

      // The menu closes when a link in it is followed, and focus moves to the new page.
      await phone.getByText("菜单", { exact: true }).click();
      await phone.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "考试" }).click();
      await phone.waitForURL(/\/exams$/);
      await phone.waitForLoadState("networkidle");
      expect(await phone.locator("header details").evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
      expect(await phone.evaluate(() => document.activeElement?.id)).toBe("main");
      await expectAccessible(phone);

      // The phone switches to English: saved on the account (and in the phone's cookie).
      await phone.getByText("菜单", { exact: true }).click();
      await phone.getByRole("button", { name: /Switch to English/ }).click();
      await phone.waitForLoadState("networkidle");
      await expect.poll(() => phone.locator("html").getAttribute("lang")).toBe("en");

      // The desktop has never chosen a language (its cookie is Chinese by default): the account's English wins.
      const desktop = await newPage(browser, { viewport: { width: 1280, height: 900 } });
      const desktopErrors = watchErrors(desktop);
      await signIn(desktop, "holder@demo.tm-academy.cn");
      expect(await desktop.locator("html").getAttribute("lang")).toBe("en");
      expect(await desktop.getByText("Next step", { exact: true }).isVisible()).toBe(true);
      await visit(desktop, "/exams");
      await visit(desktop, "/learn/junior");
      // English dates read day first.
      expect(await desktop.locator("main").textContent()).not.toMatch(/\d{2}\/\d{2}\/\d{4}/);

      // The desktop goes back to Chinese; the phone's English cookie no longer decides.
      await desktop.getByRole("button", { name: /Switch to Chinese/ }).click();
      await desktop.waitForLoadState("networkidle");
      await expect.poll(() => desktop.locator("html").getAttribute("lang")).toBe("zh-CN");
      await phone.goto(baseUrl() + "/");
      await phone.waitForLoadState("networkidle");
      expect(await phone.locator("html").getAttribute("lang")).toBe("zh-CN");
      expect(await phone.getByText("下一步", { exact: true }).isVisible()).toBe(true);

      expect(phoneErrors).toEqual([]);
      expect(desktopErrors).toEqual([]);
    },
  );
});
