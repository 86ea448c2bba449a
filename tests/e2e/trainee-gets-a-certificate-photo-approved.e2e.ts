import { PNG } from "pngjs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectAccessible, launchBrowser, newPage, signIn, visit } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A portrait ID photo as a trainee uploads it (300 × 420, one colour). */
function portraitPng(): Buffer {
  const png = new PNG({ width: 300, height: 420 });
  for (let i = 0; i < 300 * 420; i++) png.data.set([120, 150, 200, 255], i * 4);
  return PNG.sync.write(png);
}

/** The platform admin sets the certification body's two switches and puts the design to use. */
async function setSwitches(admin: Page, bodyHref: string, on: boolean) {
  await visit(admin, `${bodyHref}/certificate-branding`);
  for (const label of ["印持证人照片", "印遮挡后的身份证号"]) {
    const box = admin.getByLabel(label, { exact: false });
    if (on) await box.check();
    else await box.uncheck();
  }
  await admin.getByRole("button", { name: "上传并更新草稿" }).click();
  await expect.poll(() => admin.getByText("草稿已更新", { exact: false }).isVisible()).toBe(true);
  await expectAccessible(admin);
  await admin.getByRole("button", { name: "启用此样式" }).click();
  await expect.poll(() => admin.getByText("已启用", { exact: false }).isVisible()).toBe(true);
  await expectAccessible(admin);
}

describe("a trainee's certificate photo and ID number", () => {
  test("the body switches them on; 张晓芳 enters her ID number and uploads a photo; Taiyuan's staff approve it", async () => {
    const admin = await newPage(browser);
    await signIn(admin, "admin@demo.tm-academy.cn");
    await visit(admin, "/manage/organizations");
    const bodyHref = await admin
      .getByRole("link", { name: "技术经理人学院认证中心", exact: true })
      .first()
      .getAttribute("href");

    // Off by default: the trainee is asked nothing.
    const trainee = await newPage(browser);
    await signIn(trainee, "trainee@demo.tm-academy.cn");
    await visit(trainee, "/account");
    expect(await trainee.getByRole("link", { name: "证书照片与身份证号" }).count()).toBe(0);

    await setSwitches(admin, bodyHref!, true);

    await visit(trainee, "/account");
    await trainee.getByRole("link", { name: "证书照片与身份证号" }).click();
    await trainee.waitForURL(/\/account\/certificate-identity$/);
    await trainee.waitForLoadState("networkidle");
    await expectAccessible(trainee);

    // A mistyped digit is refused with what is wrong; the right number is kept masked.
    await trainee.getByLabel("居民身份证号码（18 位）").fill("110105194912310021");
    await trainee.getByRole("button", { name: "保存身份证号" }).click();
    await expect.poll(() => trainee.getByText("校验码（最后一位）不符", { exact: false }).isVisible()).toBe(true);
    await expectAccessible(trainee);
    await trainee.getByLabel("居民身份证号码（18 位）").fill("11010519491231002X");
    await trainee.getByRole("button", { name: "保存身份证号" }).click();
    await expect.poll(() => trainee.getByText("已保存遮挡后的号码：110***********002X").isVisible()).toBe(true);

    await trainee
      .getByLabel("上传照片")
      .setInputFiles({ name: "me.png", mimeType: "image/png", buffer: portraitPng() });
    await trainee.getByRole("button", { name: "上传并提交审核" }).click();
    await expect.poll(() => trainee.getByText("照片已提交，等待培训基地审核。").isVisible()).toBe(true);
    await expect.poll(() => trainee.getByTestId("photo-status").textContent()).toContain("待培训基地审核");
    await expectAccessible(trainee);

    // Taiyuan's staff review it from the center's page.
    await visit(admin, "/manage/organizations");
    const taiyuan = await admin
      .getByRole("link", { name: "太原技术转移促进中心", exact: true })
      .first()
      .getAttribute("href");
    const staff = await newPage(browser);
    await signIn(staff, "staff.taiyuan@demo.tm-academy.cn");
    await visit(staff, taiyuan!);
    await staff.getByRole("link", { name: "证书照片审核" }).click();
    await staff.waitForURL(/\/holder-photos$/);
    await staff.waitForLoadState("networkidle");
    await expectAccessible(staff);
    const card = staff.getByRole("listitem").filter({ hasText: "张晓芳" });
    await card.getByRole("button", { name: "通过", exact: true }).click();
    await expect.poll(() => staff.getByText("已通过 张晓芳 的照片。").isVisible()).toBe(true);
    await expectAccessible(staff);

    await visit(trainee, "/account/certificate-identity");
    expect(await trainee.getByText("还没有审核通过的照片。").count()).toBe(0);
    expect(await trainee.getByRole("img", { name: "证书照片" }).count()).toBe(1);

    // Back off, so later journeys see the demo as it was: nothing asked.
    await setSwitches(admin, bodyHref!, false);
    await visit(trainee, "/account");
    expect(await trainee.getByRole("link", { name: "证书照片与身份证号" }).count()).toBe(0);
    // Three people's sessions and an accessibility check on every page: longer than one journey's default.
  }, 240_000);
});
