import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectAccessible, launchBrowser, newPage, signIn, visit } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the certification body changes its curriculum", () => {
  test("an editor opens the level rules and edits a lesson, a reviewer approves, an admin publishes", async () => {
    const added = `应用内补充的一段说明（${Date.now().toString(36)}）。`;
    const editor = await newPage(browser);
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
    await signIn(reviewer, "reviewer@demo.tm-academy.cn");
    await reviewer.goto(changeUrl);
    await expect.poll(() => reviewer.getByTestId("change-status").textContent()).toBe("待审核");
    await expectAccessible(reviewer);
    await reviewer.getByRole("button", { name: "通过" }).click();
    await expect.poll(() => reviewer.getByTestId("change-status").textContent()).toBe("已通过，待发布");

    const admin = await newPage(browser);
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
    // Seven pages with axe for three people: longer than one journey's usual minute on a busy machine.
  }, 120_000);
});
