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

describe("the certification body changes its question bank", () => {
  test("an editor writes a question, a reviewer approves it, an admin publishes it into the bank", async () => {
    const id = `e2e-${Date.now().toString(36)}`;
    const editor = await newPage(browser);
    await signIn(editor, "editor@demo.tm-academy.cn");
    await visit(editor, "/manage/content/questions");
    await expectAccessible(editor);
    await editor.getByRole("link", { name: "新建题目" }).click();
    await expect.poll(() => editor.getByRole("heading", { name: "新建题目" }).isVisible()).toBe(true);
    await editor.getByLabel("题目编号").fill(id);
    await editor.getByLabel("题型").selectOption("true_false");
    await editor.getByLabel("难度（1–5）").fill("2");
    await editor.getByLabel("题干").fill("技术许可合同应当采用书面形式。");
    await editor.getByLabel("答案", { exact: true }).fill("对");
    await editor.getByLabel("解析").fill("民法典第八百五十一条。");
    await expectAccessible(editor);
    await editor.getByRole("button", { name: "保存草稿" }).click();
    await expect.poll(() => editor.getByTestId("change-status").textContent()).toBe("草稿");
    await expectAccessible(editor);
    await editor.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => editor.getByTestId("change-status").textContent()).toBe("待审核");
    const changeUrl = editor.url().replace(/\?.*$/, "");

    // The reviewer finds it among the changes waiting for review and approves it.
    const reviewer = await newPage(browser);
    await signIn(reviewer, "reviewer@demo.tm-academy.cn");
    await visit(reviewer, "/manage/content/changes");
    await expectAccessible(reviewer);
    await reviewer.getByRole("link", { name: new RegExp(id) }).click();
    await expect.poll(() => reviewer.getByTestId("change-status").textContent()).toBe("待审核");
    await expectAccessible(reviewer);
    await reviewer.getByRole("button", { name: "通过" }).click();
    await expect.poll(() => reviewer.getByTestId("change-status").textContent()).toBe("已通过，待发布");

    // The admin publishes: the question is in the bank as version 1.
    const admin = await newPage(browser);
    await signIn(admin, "admin@demo.tm-academy.cn");
    await admin.goto(changeUrl);
    await admin.getByRole("button", { name: "发布" }).click();
    await expect.poll(() => admin.getByTestId("change-status").textContent()).toBe("已发布");
    await expectAccessible(admin);
    await visit(admin, `/manage/content/questions?text=${id}`);
    await expect.poll(() => admin.getByRole("link", { name: id }).isVisible()).toBe(true);
    await admin.getByRole("link", { name: id }).click();
    await expect.poll(() => admin.getByRole("heading", { name: `编辑题目 ${id}` }).isVisible()).toBe(true);
    await expectAccessible(admin);
  });
});
