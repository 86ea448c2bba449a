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

// Shanxi has two demo centers, Taiyuan and Jinzhong: its region admin moves people between them (and only them).
describe("a trainee moves to another training center", () => {
  test("the Shanxi region admin transfers 张晓芳 from Taiyuan to Jinzhong; Jinzhong takes over, Taiyuan keeps a read-only page", async () => {
    const region = await newPage(browser);
    await signIn(region, "region.sx@demo.tm-academy.cn");
    await visit(region, "/manage/organizations");
    const taiyuan = (await region.getByRole("link", { name: "太原技术转移促进中心" }).getAttribute("href"))!;
    const jinzhong = (await region.getByRole("link", { name: "晋中技术转移人才培训基地" }).getAttribute("href"))!;

    await visit(region, taiyuan);
    const traineePage = (await region.getByRole("link", { name: "张晓芳" }).getAttribute("href"))!;
    const traineeId = traineePage.split("/").pop()!;
    await visit(region, traineePage);
    expect(await region.getByRole("heading", { name: "转移记录" }).isVisible()).toBe(true);
    // Only the other center of the region is offered.
    const target = region.getByLabel("转入的培训基地");
    expect(await target.locator("option").allTextContents()).toEqual(["请选择", "晋中技术转移人才培训基地"]);
    await target.selectOption({ label: "晋中技术转移人才培训基地" });
    await region.getByLabel("转移原因").fill("工作调动至晋中");
    await region.getByRole("button", { name: "确认转移" }).click();
    await region.waitForURL(`${baseUrl()}${jinzhong}/trainees/${traineeId}`);
    const history = region.locator("section[aria-labelledby=transfers-heading]");
    await expect.poll(() => history.textContent()).toContain("太原技术转移促进中心 → 晋中技术转移人才培训基地");
    await region.waitForLoadState("networkidle");
    expect(await history.textContent()).toContain("工作调动至晋中");
    expect(await history.textContent()).toContain("山西区域管理员");
    await expectAccessible(region);

    // Taiyuan's page for her is now read-only, for the region admin too: the history, no transfer form.
    expect((await visit(region, traineePage))?.status()).toBe(200);
    expect(await region.getByText("该学员已转到其他培训基地").isVisible()).toBe(true);
    expect(await region.locator("section[aria-labelledby=transfers-heading]").textContent()).toContain(
      "工作调动至晋中",
    );
    expect(await region.getByRole("heading", { name: "转出到其他培训基地" }).count()).toBe(0);
    await region.context().close();

    // Jinzhong's staff now find her among their trainees and may act for her.
    const jinzhongStaff = await newPage(browser);
    await signIn(jinzhongStaff, "staff.jinzhong@demo.tm-academy.cn");
    await visit(jinzhongStaff, jinzhong);
    expect(await jinzhongStaff.getByRole("link", { name: "张晓芳" }).getAttribute("href")).toBe(
      `${jinzhong}/trainees/${traineeId}`,
    );
    await visit(jinzhongStaff, `${jinzhong}/trainees/${traineeId}`);
    expect(await jinzhongStaff.getByRole("heading", { name: "考试照顾" }).isVisible()).toBe(true);
    await jinzhongStaff.context().close();

    // Taiyuan's staff no longer list her, but still open her page: read-only, with the history.
    const taiyuanStaff = await newPage(browser);
    await signIn(taiyuanStaff, "staff.taiyuan@demo.tm-academy.cn");
    await visit(taiyuanStaff, taiyuan);
    expect(
      await taiyuanStaff
        .locator("section[aria-labelledby=trainees-heading]")
        .getByRole("link", { name: "张晓芳" })
        .count(),
    ).toBe(0);
    expect((await visit(taiyuanStaff, traineePage))?.status()).toBe(200);
    expect(await taiyuanStaff.getByText("该学员已转到其他培训基地").isVisible()).toBe(true);
    expect(await taiyuanStaff.locator("section[aria-labelledby=transfers-heading]").textContent()).toContain(
      "工作调动至晋中",
    );
    expect(await taiyuanStaff.getByRole("heading", { name: "考试照顾" }).count()).toBe(0);
    expect(await taiyuanStaff.getByRole("heading", { name: "登记同等资格" }).count()).toBe(0);
    await taiyuanStaff.context().close();
  }, 90_000);
});
