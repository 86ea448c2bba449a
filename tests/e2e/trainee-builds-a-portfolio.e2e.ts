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

// A small but well-formed PDF, made here rather than kept as a file.
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
);
// A web page dressed up as a PDF: the name and the claimed type both lie.
const FORGED = Buffer.from("<!doctype html><html><body><script>alert('x')</script></body></html>");

async function staffPortfolioPage(page: Page) {
  await signIn(page, "staff.taiyuan@demo.tm-academy.cn");
  const center = await page
    .getByRole("navigation", { name: "主导航" })
    .getByRole("link", { name: "我的培训基地" })
    .first()
    .getAttribute("href");
  expect(center).toMatch(/^\/manage\/organizations\/[0-9a-f-]{36}$/);
  return `${center}/portfolio`;
}

describe("a trainee builds a portfolio and their center reviews it", () => {
  test("add a case with evidence, a forged file refused, returned, changed, approved", async () => {
    const title = `高校专利许可案例 ${Date.now()}`;
    const trainee = await newPage(browser);
    // The demo holder: 张晓芳 (trainee@) may be moved to Jinzhong by the transfer journey.
    await signIn(trainee, "holder@demo.tm-academy.cn");

    // The portfolio page: requirements of the senior level and the new-case form.
    await visit(trainee, "/portfolio");
    expect(await trainee.getByText("经审核通过的案例：0 / 3").isVisible()).toBe(true);
    await trainee.getByLabel("案例名称").fill(title);
    await trainee.getByLabel("技术合同类型").selectOption({ label: "技术许可" });
    await trainee.getByLabel("合同金额（元）").fill("125万");
    await trainee.getByLabel("您在案例中的角色").fill("技术经理人，负责需求对接与许可谈判");
    await trainee.getByLabel("开始日期").fill("2025-03-01");
    await trainee.getByLabel("结束日期（进行中可留空）").fill("2025-11-30");
    await trainee
      .getByLabel("案例说明")
      .fill(
        "某高校课题组的一项高温合金专利，经需求调研后以普通许可方式许可给本地一家装备企业实施。我负责需求对接、尽职调查与许可谈判，约定入门费加销售提成。",
      );
    await trainee.getByRole("button", { name: "提交审核" }).click();
    await trainee.waitForURL(/\/portfolio\/[0-9a-f-]{36}\?created=1$/);
    const casePath = new URL(trainee.url()).pathname;
    await expect.poll(() => trainee.getByText("案例已提交，等待培训基地审核。").isVisible()).toBe(true);
    expect(await trainee.getByText("¥1,250,000.00").isVisible()).toBe(true);
    await expectAccessible(trainee);

    // A web page named .pdf is refused, said plainly.
    await trainee
      .getByLabel("选择文件")
      .setInputFiles({ name: "合同.pdf", mimeType: "application/pdf", buffer: FORGED });
    await trainee.getByRole("button", { name: "上传" }).click();
    await expect
      .poll(() =>
        trainee.getByRole("alert").filter({ hasText: "文件“合同.pdf”的内容不是 PDF、PNG、JPEG 或 WebP" }).isVisible(),
      )
      .toBe(true);
    await expectAccessible(trainee);

    // The real PDF is kept, and downloads as a PDF attachment.
    await trainee.getByLabel("选择文件").setInputFiles({ name: "合同.pdf", mimeType: "application/pdf", buffer: PDF });
    await trainee.getByRole("button", { name: "上传" }).click();
    await expect.poll(() => trainee.getByText("已上传 1 个文件。").isVisible()).toBe(true);
    const href = await trainee.getByRole("link", { name: "合同.pdf" }).getAttribute("href");
    const download = await trainee.request.get(baseUrl() + href);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("application/pdf");
    // The route sets it and so does the server's helmet for every response: each value says nosniff.
    expect(download.headers()["x-content-type-options"]?.split(/,\s*/)).toEqual(expect.arrayContaining(["nosniff"]));
    expect(download.headers()["content-disposition"]).toMatch(/^attachment; /);
    expect(download.headers()["content-disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent("合同.pdf")}`);
    expect(Buffer.from(await download.body()).equals(PDF)).toBe(true);
    await expectAccessible(trainee);

    // Taiyuan's staff return it with a comment.
    const staff = await newPage(browser);
    const reviewPath = await staffPortfolioPage(staff);
    await visit(staff, reviewPath);
    const pending = staff.getByRole("article", { name: title });
    expect(await pending.getByRole("link", { name: "合同.pdf" }).isVisible()).toBe(true);
    await pending.getByRole("button", { name: "退回修改" }).click();
    await expect.poll(() => pending.getByText("退回时请填写意见").isVisible()).toBe(true);
    await expectAccessible(staff);
    await pending.getByLabel("退回意见").fill("请写明许可费的结构与金额依据。");
    await pending.getByRole("button", { name: "退回修改" }).click();
    await expect.poll(() => staff.getByText(`已退回“${title}”。`).isVisible()).toBe(true);
    await expect.poll(() => staff.getByRole("article", { name: title }).count()).toBe(0);
    await expectAccessible(staff);

    // The trainee sees why, changes the description and so re-submits.
    await visit(trainee, casePath);
    expect(await trainee.getByText("请写明许可费的结构与金额依据。").isVisible()).toBe(true);
    const description = trainee.getByLabel("案例说明");
    await description.fill(`${await description.inputValue()}许可费为入门费 50 万元加五年内销售额 3% 的提成。`);
    await trainee.getByRole("button", { name: "保存并提交审核" }).click();
    await expect.poll(() => trainee.getByText("已修改并重新提交审核。").isVisible()).toBe(true);
    await expect.poll(() => trainee.getByText("待审核", { exact: true }).isVisible()).toBe(true);
    await expectAccessible(trainee);

    // The staff approve it.
    await visit(staff, reviewPath);
    const resubmitted = staff.getByRole("article", { name: title });
    expect(await resubmitted.getByText("入门费 50 万元").isVisible()).toBe(true);
    await resubmitted.getByRole("button", { name: "审核通过" }).click();
    await expect.poll(() => staff.getByText(`已审核通过“${title}”。`).isVisible()).toBe(true);
    await expectAccessible(staff);

    // Approved: counted toward the senior level and frozen.
    await visit(trainee, "/portfolio");
    expect(await trainee.getByText("经审核通过的案例：1 / 3").isVisible()).toBe(true);
    await visit(trainee, casePath);
    expect(await trainee.getByText("内容已冻结").isVisible()).toBe(true);
    expect(await trainee.getByRole("button", { name: "保存并提交审核" }).count()).toBe(0);
    expect(await trainee.getByRole("button", { name: "上传" }).count()).toBe(0);

    await trainee.context().close();
    await staff.context().close();
    // Two people, nine pages, each checked by axe: longer than one page's journey on a shared machine.
  }, 240_000);
});
