import { readFile } from "node:fs/promises";
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

// The demo holder (王芳) holds a junior certificate; their page shows where it is verified.
async function holdersVerifyPath() {
  const holder = await newPage(browser);
  await signIn(holder, "holder@demo.tm-academy.cn");
  await visit(holder, "/certificates");
  await holder.getByRole("link", { name: "查看证书" }).first().click();
  await holder.waitForURL(/\/certificates\/[0-9a-f-]{36}$/);
  const href = await holder.getByRole("link", { name: /\/verify\/[0-9A-Z]{10}$/ }).getAttribute("href");
  const path = new URL(href!).pathname;
  return { holder, certificatePage: holder.url(), path, code: path.split("/").pop()! };
}

describe("a visitor verifies a certificate", () => {
  test("a stranger on a phone scans the QR code, sees it valid with the name masked, and confirms the name", async () => {
    const { holder, certificatePage, path, code } = await holdersVerifyPath();

    // No account: the page a QR code opens, on a phone.
    const visitor = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const response = await visit(visitor, path);
    expect(response?.status()).toBe(200);
    expect(await visitor.getByRole("heading", { name: "有效" }).isVisible()).toBe(true);
    expect(await visitor.getByText("王*", { exact: true }).isVisible()).toBe(true);
    expect(await visitor.getByText("王芳").count()).toBe(0);

    await visitor.getByLabel("持证人完整姓名").fill("王方");
    await visitor.getByRole("button", { name: "核对姓名" }).click();
    await expect.poll(() => visitor.getByText("姓名不一致", { exact: true }).isVisible()).toBe(true);
    await expectAccessible(visitor);
    await visitor.getByLabel("持证人完整姓名").fill("王芳");
    await visitor.getByRole("button", { name: "核对姓名" }).click();
    await expect.poll(() => visitor.getByText("姓名一致", { exact: true }).isVisible()).toBe(true);
    expect(await visitor.getByText("证书持有人为 王芳。").isVisible()).toBe(true);

    // Typed by hand, in lower case with a dash, from the look-up form.
    await visit(visitor, "/verify");
    await visitor.getByLabel("核验码或证书编号").fill(`${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase());
    await visitor.getByRole("button", { name: "核验" }).click();
    await visitor.waitForURL(baseUrl() + path);

    // A code that does not exist: a clear 404 that says what to check.
    const missing = await visit(visitor, "/verify/ZZZZZ-ZZZZZ");
    expect(missing?.status()).toBe(404);
    expect(await visitor.getByRole("heading", { name: "未找到该证书" }).isVisible()).toBe(true);

    // The holder sees that their certificate was checked on the web.
    await holder.goto(certificatePage);
    await expect.poll(() => holder.getByText(/本证书已被核验 \d+ 次：网页 [1-9]\d* 次/).isVisible()).toBe(true);
  });

  test("an employer creates an API key, calls the API with it, and checks a spreadsheet", async () => {
    const { code } = await holdersVerifyPath();
    const hr = await newPage(browser);
    await signIn(hr, "hr@demo.tm-academy.cn");
    await visit(hr, "/verify");
    await hr.getByRole("link", { name: "API 密钥" }).click();
    await hr.waitForURL(/\/api-keys$/);
    await expectAccessible(hr);
    await hr.getByLabel("密钥名称").fill("人事系统");
    await hr.getByRole("button", { name: "新建密钥" }).click();
    const token = await hr.getByLabel("新密钥").inputValue();
    expect(token).toMatch(/^tma_[a-z2-7]{10}_[a-z2-7]{24}$/);
    await expectAccessible(hr);

    const api = await fetch(`${baseUrl()}/api/v1/certificates/${code}?name=${encodeURIComponent("王芳")}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(api.status).toBe(200);
    expect(api.headers.get("cache-control")).toBe("no-store");
    expect(await api.json()).toMatchObject({
      certificate: { status: "valid", holderNameMasked: "王*" },
      nameMatched: true,
    });
    const unknown = await fetch(`${baseUrl()}/api/v1/certificates/ZZZZZZZZZZ`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "not_found" });

    // Bulk: the holder's certificate with the right name and with a wrong one, and a code that does not exist.
    await visit(hr, "/verify");
    await hr.getByRole("link", { name: "批量核验" }).click();
    await hr.waitForURL(/\/verify-bulk$/);
    await expectAccessible(hr);
    await hr.getByLabel("选择文件").setInputFiles({
      name: "应聘者.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`姓名,证书编号/核验码\n王芳,${code}\n王方,${code.toLowerCase()}\n赵六,ZZZZZ-ZZZZZ\n`),
    });
    await hr.getByRole("button", { name: "开始核验" }).click();
    await expect
      .poll(() =>
        hr
          .getByText(
            "共 3 行：有效 1，姓名不一致 1（证书存在，但与文件中的姓名不符），无效（过期、撤销、被替代或记录校验失败）0，未找到 1。",
          )
          .isVisible(),
      )
      .toBe(true);
    await expectAccessible(hr);
    const [download] = await Promise.all([
      hr.waitForEvent("download"),
      hr.getByRole("button", { name: "下载 CSV" }).click(),
    ]);
    const csv = await readFile((await download.path())!, "utf8");
    expect(csv).toContain("姓名一致");
    expect(csv).toContain("姓名不一致");
    expect(csv).toContain("未找到");
  });

  test("a platform admin revokes the certificate; the same page, reached without signing in, says so with the date and reason", async () => {
    const { holder, path } = await holdersVerifyPath();
    const serial = (await holder.locator("dl").getByText(/^TMA-/).textContent())!.trim();
    await holder.context().close();

    // Anonymous visits of an unchanged certificate are answered from a kept render (server/app.ts).
    const pageOf = async () => {
      const res = await fetch(`${baseUrl()}${path}`);
      return { cache: res.headers.get("x-page-cache"), html: await res.text() };
    };
    await pageOf();
    const kept = await pageOf();
    expect(kept.cache).toBe("hit");
    expect(kept.html).toContain("有效");

    const admin = await newPage(browser);
    await signIn(admin, "admin@demo.tm-academy.cn");
    await visit(admin, `/manage/certificates?q=${encodeURIComponent(serial)}`);
    await admin.getByRole("link", { name: serial }).click();
    await admin.waitForURL(/\/manage\/certificates\/[0-9a-f-]{36}$/);
    await admin.waitForLoadState("networkidle");
    await expectAccessible(admin);
    await admin.getByLabel("撤销原因").fill("证书信息有误，待重新核实");
    await admin.getByRole("button", { name: "撤销证书" }).click();
    await expect.poll(() => admin.getByText("证书已撤销。").isVisible()).toBe(true);
    await admin.context().close();

    // The revocation changed what the page shows, so the kept render is not used: the first visit renders anew.
    const fresh = await pageOf();
    expect(fresh.cache).toBeNull();
    expect(fresh.html).toContain("已撤销");

    const visitor = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    expect((await visit(visitor, path))?.status()).toBe(200);
    expect(await visitor.getByRole("heading", { name: "已撤销" }).isVisible()).toBe(true);
    expect(
      await visitor
        .getByText(/证书信息有误，待重新核实/)
        .first()
        .isVisible(),
    ).toBe(true);
    await expectAccessible(visitor);
  });

  // Last: it spends this address's look-up budget (shared by the page and the API) for the next minute.
  test("a look-up by serial shows no code; walking serials from one address is stopped with a 429 page", async () => {
    const { holder, code } = await holdersVerifyPath();
    const serial = (await holder.locator("dl").getByText(/^TMA-/).textContent())!.trim();
    await holder.context().close();

    const visitor = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    expect((await visit(visitor, `/verify/${serial}`))?.status()).toBe(200);
    expect(await visitor.getByText("按证书编号查询时不显示").isVisible()).toBe(true);
    expect(await visitor.content()).not.toContain(code.slice(5));

    // The attack: the serials after this one, as fast as possible — from the browser, so that its address is the
    // one counted (localhost may be ::1 for the browser and 127.0.0.1 for Node). A token comes back every second,
    // so the walk goes on until it is refused, just before each visit below.
    const prefix = serial.replace(/\d+$/, "");
    const walk = () =>
      visitor.evaluate(async (prefix) => {
        for (let n = 1; n <= 150; n++) {
          const res = await fetch(`/verify/${prefix}${String(n).padStart(5, "0")}`);
          await res.text();
          if (res.status === 429) return { after: n, retryAfter: res.headers.get("retry-after") };
        }
        return null;
      }, prefix);
    const limited = await walk();
    expect(limited).not.toBeNull();
    expect(Number(limited!.retryAfter)).toBeGreaterThanOrEqual(1);
    // The QR code's page (kept render or not) is refused too, and the visitor is told plainly, in either language.
    await walk();
    const response = await visit(visitor, `/verify/${code}`);
    expect(response?.status()).toBe(429);
    expect(await visitor.getByRole("heading", { name: "查询过于频繁" }).isVisible()).toBe(true);
    await visitor.context().addCookies([
      {
        name: "lng",
        value: encodeURIComponent(Buffer.from(JSON.stringify("en")).toString("base64")),
        url: baseUrl(),
      },
    ]);
    await walk();
    expect((await visit(visitor, `/verify/${serial}`))?.status()).toBe(429);
    expect(await visitor.getByRole("heading", { name: "Too many look-ups" }).isVisible()).toBe(true);
  });
});
