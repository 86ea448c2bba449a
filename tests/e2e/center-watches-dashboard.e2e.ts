import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { baseUrl, expectAccessible, launchBrowser, newPage, signIn, visit } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A center's or region's address, from the platform admin's lists. */
async function pathOf(list: string, name: string) {
  const page = await newPage(browser);
  await signIn(page, "admin@demo.tm-academy.cn");
  await visit(page, list);
  const href = await page.getByRole("link", { name, exact: true }).first().getAttribute("href");
  await page.context().close();
  return href!;
}

describe("a center watches its dashboard and exports results; the region and the platform see the whole", () => {
  test("Taiyuan's staff see their figures with charts and tables, filter the trainees and download them", async () => {
    const taiyuan = await pathOf("/manage/organizations", "太原技术转移促进中心");
    const page = await newPage(browser);
    await signIn(page, "staff.taiyuan@demo.tm-academy.cn");
    const response = await visit(page, `${taiyuan}/dashboard`);
    expect(response?.status()).toBe(200);
    expect(await page.getByRole("heading", { name: "太原技术转移促进中心 · 培训基地看板" }).isVisible()).toBe(true);
    expect(await page.getByText(/累计培训结业 \d+ 人/).isVisible()).toBe(true);
    // Each chart is an image with a summary, drawn after the page loads, beside its data table.
    await expect.poll(() => page.locator('[role="img"] svg').count()).toBeGreaterThan(0);
    expect(await page.getByRole("table", { name: "各年培训结业人数（按等级）" }).isVisible()).toBe(true);
    await expectAccessible(page);

    // Hundreds of trainees, a page at a time; a search for the demo holder narrows the table and the URL keeps it.
    const trainees = page.getByRole("table", { name: "学员明细" });
    expect(await trainees.locator("tbody tr").count()).toBeGreaterThan(10);
    await page.getByLabel("姓名、手机号或单位").fill("13900139000");
    await page.getByRole("button", { name: "筛选" }).click();
    await page.waitForURL(/q=/);
    await page.waitForLoadState("networkidle");
    await expect
      .poll(async () => (await trainees.locator("tbody tr").allInnerTexts()).map((row) => row.includes("王芳")))
      .toEqual([true]);
    await expectAccessible(page);

    // The export carries the same filters and opens in Excel as UTF-8.
    const href = await page
      .getByRole("group", { name: "导出“学员明细”" })
      .getByRole("link", { name: "导出 CSV" })
      .getAttribute("href");
    expect(href).toContain("table=trainees");
    expect(href).toContain("q=");
    const csv = await page.request.get(baseUrl() + href!);
    expect(csv.status()).toBe(200);
    const body = await csv.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.subarray(3).toString("utf8").trim().split("\r\n");
    expect(lines[0]).toContain("姓名");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("王芳");
    await page.context().close();
  });

  test("the region admin compares the region's centers; Beijing's staff are refused Taiyuan's dashboard and export", async () => {
    const taiyuan = await pathOf("/manage/organizations", "太原技术转移促进中心");
    const shanxi = await pathOf("/manage/regions", "山西（太原）");
    const region = await newPage(browser);
    await signIn(region, "region.sx@demo.tm-academy.cn");
    expect((await visit(region, `${shanxi}/dashboard`))?.status()).toBe(200);
    expect(
      await region
        .getByRole("table", { name: "各培训基地" })
        .getByRole("link", { name: "太原技术转移促进中心" })
        .isVisible(),
    ).toBe(true);
    await region.context().close();

    const beijing = await newPage(browser);
    await signIn(beijing, "staff.beijing@demo.tm-academy.cn");
    expect((await visit(beijing, `${taiyuan}/dashboard`))?.status()).toBe(403);
    expect((await beijing.request.get(`${baseUrl()}${taiyuan}/dashboard.csv?table=trainees`)).status()).toBe(403);
    await beijing.context().close();
  });

  test("the platform admin reads the national statistics by level, region, center and year", async () => {
    const page = await newPage(browser);
    await signIn(page, "admin@demo.tm-academy.cn");
    expect((await visit(page, "/manage/statistics"))?.status()).toBe(200);
    expect(await page.getByRole("heading", { name: "培训与认证统计" }).isVisible()).toBe(true);
    expect(await page.getByText(/数据更新于/).isVisible()).toBe(true);
    await page.getByLabel("等级").selectOption({ label: "初级技术经理人" });
    await page.getByRole("button", { name: "筛选" }).click();
    await page.waitForURL(/level=junior/);
    await page.waitForLoadState("networkidle");
    await expectAccessible(page);
    await page.context().close();
  });
});
