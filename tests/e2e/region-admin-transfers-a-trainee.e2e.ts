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

// The demo has one center in Shanxi, so the move from Taiyuan to Beijing is the platform admin's; the
// Shanxi region admin, who may move people only inside Shanxi, is refused Beijing's pages.
describe("a trainee moves to another training center", () => {
  test("the platform admin transfers 张晓芳 from Taiyuan to Beijing; Beijing takes over, Taiyuan keeps a read-only page", async () => {
    const admin = await newPage(browser);
    await signIn(admin, "admin@demo.tm-academy.cn");
    await visit(admin, "/manage/organizations");
    const taiyuan = (await admin.getByRole("link", { name: "太原技术转移促进中心" }).getAttribute("href"))!;
    const beijing = (await admin.getByRole("link", { name: "北京技术经理人培训基地" }).getAttribute("href"))!;

    await visit(admin, taiyuan);
    const traineePage = (await admin.getByRole("link", { name: "张晓芳" }).getAttribute("href"))!;
    const traineeId = traineePage.split("/").pop()!;
    await visit(admin, traineePage);
    expect(await admin.getByRole("heading", { name: "转移记录" }).isVisible()).toBe(true);
    await expectAccessible(admin);
    await admin.getByLabel("转入的培训基地").selectOption({ label: "北京技术经理人培训基地" });
    await admin.getByLabel("转移原因").fill("工作调动至北京");
    await admin.getByRole("button", { name: "确认转移" }).click();
    await admin.waitForURL(`${baseUrl()}${beijing}/trainees/${traineeId}`);
    const history = admin.locator("section[aria-labelledby=transfers-heading]");
    await expect.poll(() => history.textContent()).toContain("太原技术转移促进中心 → 北京技术经理人培训基地");
    await admin.waitForLoadState("networkidle");
    expect(await history.textContent()).toContain("太原技术转移促进中心 → 北京技术经理人培训基地");
    expect(await history.textContent()).toContain("工作调动至北京");
    await expectAccessible(admin);
    await admin.context().close();

    // Beijing's staff now find her among their trainees and may act for her.
    const beijingStaff = await newPage(browser);
    await signIn(beijingStaff, "staff.beijing@demo.tm-academy.cn");
    await visit(beijingStaff, beijing);
    expect(await beijingStaff.getByRole("link", { name: "张晓芳" }).getAttribute("href")).toBe(`${beijing}/trainees/${traineeId}`);
    await visit(beijingStaff, `${beijing}/trainees/${traineeId}`);
    expect(await beijingStaff.getByRole("heading", { name: "考试照顾" }).isVisible()).toBe(true);
    await beijingStaff.context().close();

    // Taiyuan's staff no longer list her, but still open her page: read-only, with the history.
    const taiyuanStaff = await newPage(browser);
    await signIn(taiyuanStaff, "staff.taiyuan@demo.tm-academy.cn");
    await visit(taiyuanStaff, taiyuan);
    expect(await taiyuanStaff.locator("section[aria-labelledby=trainees-heading]").getByRole("link", { name: "张晓芳" }).count()).toBe(0);
    const old = await visit(taiyuanStaff, `${taiyuan}/trainees/${traineeId}`);
    expect(old?.status()).toBe(200);
    expect(await taiyuanStaff.getByText("该学员已转到其他培训基地").isVisible()).toBe(true);
    expect(await taiyuanStaff.locator("section[aria-labelledby=transfers-heading]").textContent()).toContain("工作调动至北京");
    expect(await taiyuanStaff.getByRole("heading", { name: "考试照顾" }).count()).toBe(0);
    expect(await taiyuanStaff.getByRole("heading", { name: "登记同等资格" }).count()).toBe(0);
    await taiyuanStaff.context().close();

    // The Shanxi region admin sees Taiyuan's read-only page but nothing of Beijing.
    const region = await newPage(browser);
    await signIn(region, "region.sx@demo.tm-academy.cn");
    expect((await visit(region, `${taiyuan}/trainees/${traineeId}`))?.status()).toBe(200);
    expect(await region.getByRole("heading", { name: "转出到其他培训基地" }).count()).toBe(0);
    expect((await visit(region, `${beijing}/trainees/${traineeId}`))?.status()).toBe(403);
    await region.context().close();
  }, 180_000);
});
