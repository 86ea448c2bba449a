import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PNG } from "pngjs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { logoPng, redSealPng } from "../setup/brand-images";
import { baseUrl, expectAccessible, launchBrowser, newPage, signIn, visit } from "./browser";

let browser: Browser;
const dir = mkdtempSync(path.join(os.tmpdir(), "tma-branding-e2e-"));
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Poppler's verdict on a PDF's signature and the count of red pixels on its page (36 dpi). */
function inspectPdf(pdf: Buffer) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const signature = spawnSync("pdfsig", [file], { encoding: "utf8" }).stdout;
  spawnSync("pdftoppm", ["-png", "-r", "36", "-singlefile", file, file]);
  const png = PNG.sync.read(readFileSync(`${file}.png`));
  let red = 0;
  for (let i = 0; i < png.data.length; i += 4)
    if (png.data[i]! > 180 && png.data[i + 1]! < 110 && png.data[i + 2]! < 110) red++;
  return { signature, red };
}

async function download(page: Page, href: string) {
  const response = await page.request.get(baseUrl() + href);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  return Buffer.from(await response.body());
}

describe("a center brands its certificates", () => {
  test("Taiyuan's staff upload a logo and a seal, preview a sample, put it to use, and the holder's PDF carries them, signed", async () => {
    // Before: the holder's certificate is signed, without a seal.
    const holder = await newPage(browser);
    await signIn(holder, "holder@demo.tm-academy.cn");
    await visit(holder, "/certificates");
    await holder.getByRole("link", { name: "查看证书" }).first().click();
    await holder.waitForURL(/\/certificates\/[0-9a-f-]{36}$/);
    const pdfHref = new URL(holder.url()).pathname + "/pdf";
    const before = inspectPdf(await download(holder, pdfHref));
    expect(before.signature).toContain("Signature is Valid.");
    expect(before.signature).toContain("ETSI.CAdES.detached");
    expect(before.red).toBe(0);

    const admin = await newPage(browser);
    await signIn(admin, "admin@demo.tm-academy.cn");
    await visit(admin, "/manage/organizations");
    const taiyuan = await admin
      .getByRole("link", { name: "太原技术转移促进中心", exact: true })
      .first()
      .getAttribute("href");
    await admin.context().close();

    const staff = await newPage(browser);
    await signIn(staff, "staff.taiyuan@demo.tm-academy.cn");
    await visit(staff, taiyuan!);
    await staff.getByRole("link", { name: "证书样式（标志、公章、签名）" }).click();
    await staff.waitForURL(/\/certificate-branding$/);
    await expectAccessible(staff);

    // A JPEG-free, PDF-shaped "seal" is refused by its content, whatever its name says.
    await staff
      .getByLabel("公章")
      .setInputFiles({ name: "seal.png", mimeType: "image/png", buffer: Buffer.from("%PDF-1.7\n%%EOF\n") });
    await staff.getByRole("button", { name: "上传并更新草稿" }).click();
    await expect
      .poll(() => staff.getByText("须为 PNG 图片（按文件内容识别）", { exact: false }).isVisible())
      .toBe(true);
    await expectAccessible(staff);

    await staff
      .getByLabel("机构标志")
      .setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from(logoPng()) });
    await staff
      .getByLabel("公章")
      .setInputFiles({ name: "seal.png", mimeType: "image/png", buffer: Buffer.from(redSealPng()) });
    await staff.getByLabel("负责人姓名").fill("王建国");
    await staff.getByRole("button", { name: "上传并更新草稿" }).click();
    await expect.poll(() => staff.getByText("草稿已更新", { exact: false }).isVisible()).toBe(true);
    // The message comes with the action's answer; the draft's images with the revalidated page just after.
    await expect.poll(() => staff.getByRole("img", { name: "公章预览" }).count()).toBe(1);
    await expectAccessible(staff);

    // The preview is a sample certificate with the draft; the holder's PDF does not change yet.
    const previewHref = await staff.getByRole("link", { name: "预览样本证书（PDF）" }).getAttribute("href");
    const preview = inspectPdf(await download(staff, previewHref!));
    expect(preview.red).toBeGreaterThan(500);
    expect(preview.signature).toContain("Signature is Valid.");
    expect(inspectPdf(await download(holder, pdfHref)).red).toBe(0);

    await staff.getByRole("button", { name: "启用此样式" }).click();
    await expect.poll(() => staff.getByText("已启用", { exact: false }).isVisible()).toBe(true);
    await expectAccessible(staff);

    const after = inspectPdf(await download(holder, pdfHref));
    expect(after.red).toBeGreaterThan(500);
    expect(after.signature).toContain("Signature is Valid.");

    // The signer's certificate is published beside the JWKS.
    const pem = await fetch(`${baseUrl()}/.well-known/issuer-certificate.pem`);
    expect(pem.status).toBe(200);
    expect(await pem.text()).toContain("-----BEGIN CERTIFICATE-----");
  });
});
