import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { toChinaLocal } from "../../app/utils/china-time";
import { expectAccessible, launchBrowser, newPage, signIn, visit } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a trainee is told about an exam session", () => {
  test(
    "staff schedule a session for 张晓芳; on a phone she sees it in the inbox (header count), downloads the .ics, marks all read",
    { timeout: 240_000 },
    async () => {
      const staff = await newPage(browser);
      await signIn(staff, "staff.taiyuan@demo.tm-academy.cn");
      await staff
        .getByRole("navigation", { name: "主导航" })
        .getByRole("link", { name: "我的培训基地" })
        .first()
        .click();
      await staff.getByRole("link", { name: "考试场次" }).click();
      await staff.waitForURL(/\/exam-sessions$/);
      // The picker pages through hundreds of trainees; find her by mobile number.
      await visit(staff, `${new URL(staff.url()).pathname}?p_q=trainee%40demo.tm-academy.cn`);
      const name = `通知演示场次 ${Date.now() % 100000}`;
      // Tomorrow, 09:00–11:00 in Beijing.
      const tomorrow = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 86_400_000 + 3_600_000);
      await staff.getByLabel("场次名称").fill(name);
      await staff.locator("#session-level").selectOption({ label: "初级技术经理人" });
      await staff.getByLabel("开始时间").fill(toChinaLocal(tomorrow));
      await staff.getByLabel("结束时间").fill(toChinaLocal(new Date(tomorrow.getTime() + 2 * 3_600_000)));
      const found = staff.getByRole("table", { name: "选择学员" }).locator("tbody tr").filter({ hasText: "张晓芳" });
      await expect.poll(() => found.count()).toBe(1);
      await found.first().getByRole("checkbox").check();
      await staff.getByRole("button", { name: "安排场次" }).click();
      await expect.poll(() => staff.getByRole("row").filter({ hasText: name }).isVisible()).toBe(true);

      const page = await newPage(browser, { viewport: { width: 375, height: 800 }, acceptDownloads: true });
      await signIn(page, "trainee@demo.tm-academy.cn");
      const inboxLink = page.locator("header").getByRole("link", { name: /^消息/ });
      expect(await inboxLink.textContent()).toMatch(/消息\s*\d+/);
      await inboxLink.click();
      await page.waitForURL(/\/notifications$/);
      await page.waitForLoadState("networkidle");
      await expectAccessible(page);
      const item = page.getByRole("listitem").filter({ hasText: `考试场次已安排：${name}` });
      expect(await item.isVisible()).toBe(true);

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        item.getByRole("link", { name: "下载日历文件（.ics）" }).click(),
      ]);
      const ics = await readFile((await download.path())!, "utf8");
      expect(ics).toContain("BEGIN:VEVENT");
      expect(ics).toContain("DTSTART;TZID=Asia/Shanghai:");
      expect(ics).toContain(name);

      await page.getByRole("button", { name: "全部标为已读" }).click();
      await expect.poll(() => page.getByText("已全部标为已读。").isVisible()).toBe(true);
      // The header's count is gone once everything is read (the root loader revalidates after the action).
      await expect.poll(async () => (await inboxLink.textContent())?.trim()).toBe("消息");
      await expectAccessible(page);
      await visit(page, "/account");
      expect(await page.getByRole("heading", { name: "邮件通知" }).isVisible()).toBe(true);

      // Staff move it to another room: she is told of the change, with the calendar file updated.
      const row = staff.getByRole("row").filter({ hasText: name });
      await row.getByText("更改时间或地点").click();
      await row.getByLabel("地点改为（可留空）").fill("太原 502");
      await row.getByRole("button", { name: "保存更改" }).click();
      await expect
        .poll(() => staff.getByText("场次已更改，参考学员会收到通知和更新后的日历文件。").isVisible())
        .toBe(true);
      await expect.poll(() => row.getByRole("cell", { name: "太原 502" }).isVisible()).toBe(true);
      await expectAccessible(staff);
      await visit(page, "/notifications");
      const changed = page.getByRole("listitem").filter({ hasText: `考试场次有变更：${name}` });
      expect(await changed.isVisible()).toBe(true);
      expect(await changed.getByText(/太原 502/).isVisible()).toBe(true);

      // Leave the demo as it was: the session is cancelled (she is told that too).
      await row.getByRole("button", { name: "取消场次" }).click();
      await expect.poll(() => row.getByText("已取消").isVisible()).toBe(true);
    },
  );
});
