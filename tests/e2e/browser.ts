import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { expect, inject } from "vitest";

export const DEMO_PASSWORD = "Demo@2026";

export function baseUrl() {
  return inject("baseUrl");
}

/** Debian's Chromium, never a downloaded browser; the flags it needs to run headless in a container. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** No serious or critical WCAG 2.1 A/AA violation on the page as it stands. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}) on ${page.url()}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** Opens a page, waits for it to be interactive and checks its accessibility. */
export async function visit(page: Page, path: string) {
  const response = await page.goto(baseUrl() + path);
  await page.waitForLoadState("networkidle");
  await expectAccessible(page);
  return response;
}

export async function signIn(page: Page, identifier: string, password = DEMO_PASSWORD) {
  await visit(page, "/login");
  await page.getByLabel("邮箱或手机号").fill(identifier);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("main").getByRole("button", { name: "登录" }).click();
  await page.waitForURL(baseUrl() + "/");
  await page.waitForLoadState("networkidle");
  await expectAccessible(page);
}

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.cn`;
}

/** A page in its own context (its own cookies); axe needs pages made this way. */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}

/** The first link to `pathPart` in an e-mail delivered to `to` (the server writes delivered mail to a folder). */
export async function linkFromMail(to: string, pathPart: string, timeoutMs = 20_000): Promise<string> {
  const { readdir, readFile } = await import("node:fs/promises");
  const dir = inject("mailDir");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const name of await readdir(dir)) {
      // Quoted-printable bodies may wrap long lines with "=\n"; join them back before looking.
      const text = (await readFile(`${dir}/${name}`, "utf8")).replace(/=\r?\n/g, "");
      if (!text.includes(`To: ${to}`)) continue;
      const link = text.match(new RegExp(`https?://[^\\s"<>]+${pathPart}[^\\s"<>]*`))?.[0];
      if (link) return link;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no e-mail to ${to} with a link to ${pathPart}`);
}
