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

/** Every console error and uncaught page error (React's hydration errors are among them). */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  return errors;
}

/** The study hours a level's card shows ("0 / 13 学时"): the trainee's path and the staff's trainee page alike. */
async function hoursShown(page: Page, card: ReturnType<Page["locator"]>) {
  await page.waitForLoadState("networkidle");
  return (await card.textContent())?.match(/[\d.]+ \/ ([\d.]+) 学时/)?.[1] ?? null;
}

describe("the certification body changes its curriculum", () => {
  test("an editor opens the level rules and edits a lesson, a reviewer approves, an admin publishes", async () => {
    const added = `应用内补充的一段说明（${Date.now().toString(36)}）。`;
    const editor = await newPage(browser);
    const errors = watchErrors(editor);
    await signIn(editor, "editor@demo.tm-academy.cn");
    await visit(editor, "/manage/content/questions");
    await editor.getByRole("link", { name: "等级规则与考试" }).click();
    await expect.poll(() => editor.getByRole("heading", { name: "等级规则与考试" }).isVisible()).toBe(true);
    await expectAccessible(editor);
    // The level editor: the rules and the exam blueprint with its sections.
    await editor.getByRole("link", { name: /编辑/ }).first().click();
    await expect.poll(() => editor.getByLabel("及格分（百分比）").isVisible()).toBe(true);
    await expectAccessible(editor);

    await visit(editor, "/manage/content/courses");
    await expectAccessible(editor);
    await editor.getByRole("table").getByRole("link").first().click();
    await expect.poll(() => editor.getByRole("heading", { name: /编辑课程/ }).isVisible()).toBe(true);
    await expectAccessible(editor);
    await editor.getByRole("link", { name: /^1\. / }).click();
    await expect.poll(() => editor.getByRole("heading", { name: /编辑课时/ }).isVisible()).toBe(true);
    const body = editor.getByLabel("正文（Markdown）");
    await body.fill(`${await body.inputValue()}\n\n${added}\n`);
    // The live preview shows the new paragraph as trainees will see it.
    await expect.poll(() => editor.getByText(added).count()).toBeGreaterThan(0);
    await expectAccessible(editor);
    await editor.getByRole("button", { name: "保存草稿" }).click();
    await expect.poll(() => editor.getByTestId("change-status").textContent()).toBe("草稿");
    await expectAccessible(editor);
    await editor.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => editor.getByTestId("change-status").textContent()).toBe("待审核");
    const changeUrl = editor.url().replace(/\?.*$/, "");

    const reviewer = await newPage(browser);
    const reviewerErrors = watchErrors(reviewer);
    await signIn(reviewer, "reviewer@demo.tm-academy.cn");
    await reviewer.goto(changeUrl);
    await expect.poll(() => reviewer.getByTestId("change-status").textContent()).toBe("待审核");
    await expectAccessible(reviewer);
    await reviewer.getByRole("button", { name: "通过" }).click();
    await expect.poll(() => reviewer.getByTestId("change-status").textContent()).toBe("已通过，待发布");

    const admin = await newPage(browser);
    const adminErrors = watchErrors(admin);
    await signIn(admin, "admin@demo.tm-academy.cn");
    await admin.goto(changeUrl);
    await admin.getByRole("button", { name: "发布" }).click();
    await expect.poll(() => admin.getByTestId("change-status").textContent()).toBe("已发布");
    await expectAccessible(admin);
    // The published version is the lesson's next one, and its editor opens on the new text.
    await admin.getByRole("link", { name: /已发布为第/ }).click();
    await expect.poll(() => admin.getByRole("heading", { name: /编辑课时/ }).isVisible()).toBe(true);
    expect(await admin.getByLabel("正文（Markdown）").inputValue()).toContain(added);
    await expectAccessible(admin);
    expect([...errors, ...reviewerErrors, ...adminErrors]).toEqual([]);
    // Seven pages with axe for three people: longer than one journey's usual minute on a busy machine.
  }, 120_000);

  test("an editor raises the senior level's minimum study hours; once published, trainees and center staff see the new rule", async () => {
    // Where trainees and staff read the rule: 张晓芳's path (/learn) and her page for Taiyuan's staff.
    const trainee = await newPage(browser);
    const staff = await newPage(browser);
    const editor = await newPage(browser);
    const reviewer = await newPage(browser);
    const admin = await newPage(browser);
    const errors = [trainee, staff, editor, reviewer, admin].map(watchErrors);
    await signIn(trainee, "trainee@demo.tm-academy.cn");
    await visit(trainee, "/learn");
    const traineeCard = trainee.locator("article[aria-labelledby=level-senior]");
    await signIn(staff, "staff.taiyuan@demo.tm-academy.cn");
    await visit(staff, "/manage/organizations");
    await visit(staff, (await staff.getByRole("link", { name: "太原技术转移促进中心" }).getAttribute("href"))!);
    const traineePage = (await staff.getByRole("link", { name: "张晓芳" }).first().getAttribute("href"))!;
    await visit(staff, traineePage);
    const staffCard = staff
      .getByRole("region", { name: "我的学习路径" })
      .locator(".card", { has: staff.getByRole("heading", { name: "高级技术经理人" }) });

    // The editor changes the rule in the level editor and saves a draft.
    await signIn(editor, "editor@demo.tm-academy.cn");
    await visit(editor, "/manage/content/levels");
    await editor
      .getByRole("row", { name: /高级技术经理人/ })
      .getByRole("link", { name: /编辑/ })
      .click();
    await expect
      .poll(() => editor.getByRole("heading", { name: /编辑等级规则：高级技术经理人/ }).isVisible())
      .toBe(true);
    const field = editor.getByLabel("最低学时", { exact: true });
    const before = Number(await field.inputValue());
    const after = before + 3;
    expect(await hoursShown(trainee, traineeCard)).toBe(String(before));
    expect(await hoursShown(staff, staffCard)).toBe(String(before));
    await field.fill(String(after));
    await expectAccessible(editor);
    await editor.getByRole("button", { name: "保存草稿" }).click();
    await expect.poll(() => editor.getByTestId("change-status").textContent()).toBe("草稿");
    // The change's page shows the old and the new rule side by side.
    await expect.poll(() => editor.getByText(`minStudyHours: ${after}`).count()).toBeGreaterThan(0);
    await expectAccessible(editor);
    await editor.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => editor.getByTestId("change-status").textContent()).toBe("待审核");
    const changeUrl = editor.url().replace(/\?.*$/, "");
    // Not yet published: nobody studies under the new rule.
    await trainee.reload();
    expect(await hoursShown(trainee, traineeCard)).toBe(String(before));

    // The editor may not approve their own change; the reviewer does.
    expect(await editor.getByRole("button", { name: "通过" }).count()).toBe(0);
    await signIn(reviewer, "reviewer@demo.tm-academy.cn");
    await reviewer.goto(changeUrl);
    await expect.poll(() => reviewer.getByTestId("change-status").textContent()).toBe("待审核");
    await expectAccessible(reviewer);
    await reviewer.getByRole("button", { name: "通过" }).click();
    await expect.poll(() => reviewer.getByTestId("change-status").textContent()).toBe("已通过，待发布");

    await signIn(admin, "admin@demo.tm-academy.cn");
    await admin.goto(changeUrl);
    await admin.getByRole("button", { name: "发布" }).click();
    await expect.poll(() => admin.getByTestId("change-status").textContent()).toBe("已发布");
    await expectAccessible(admin);
    // The level's editor opens on the published rule, as its next version.
    await visit(admin, "/manage/content/levels/senior");
    expect(await admin.getByLabel("最低学时", { exact: true }).inputValue()).toBe(String(after));

    // The trainee's path and the staff's page now measure her study against the new minimum.
    await visit(trainee, "/learn");
    expect(await hoursShown(trainee, traineeCard)).toBe(String(after));
    await visit(trainee, "/learn/senior");
    expect(await hoursShown(trainee, traineeCard)).toBe(String(after));
    await visit(staff, traineePage);
    expect(await hoursShown(staff, staffCard)).toBe(String(after));
    expect(errors.flat()).toEqual([]);
  }, 180_000);
});
