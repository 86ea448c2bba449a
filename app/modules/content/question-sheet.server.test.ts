import { readFile } from "node:fs/promises";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { contentChanges } from "#db/schema";
import { toCsv } from "~/modules/spreadsheets";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { checkQuestionSheet, commitQuestionSheet, exportQuestionRows, QUESTION_SHEET_HEADERS } from "./question-sheet.server";

beforeAll(() => syncFixtureContent());

const fixture = (name: string) => readFile(new URL(`../../../tests/fixtures/questions/${name}`, import.meta.url)).then((b) => new Uint8Array(b));

async function editor() {
  const d = await db();
  const body = await makeOrganization(d, null, "certification_body");
  return { d, actor: await actorFor(d, (await makeUser(d, { role: "content_editor", organizationId: body.id })).id) };
}

describe("question import (题库导入)", () => {
  test.each(["questions-gbk.csv", "questions.xlsx"])("%s: the dry run plans one edit, one new question and one unchanged; committing twice adds nothing the second time", async (name) => {
    const { d, actor } = await editor();
    const bytes = await fixture(name);
    const checked = await checkQuestionSheet(d, actor, bytes, name);
    expect(checked).toMatchObject({ ok: true, plan: { problems: [], create: 1, update: 1, unchanged: 1 } });
    const before = (await d.select().from(contentChanges)).length;
    const committed = await commitQuestionSheet(d, actor, bytes, name, { submit: true });
    expect(committed).toMatchObject({ ok: true });
    const rows = await d.select().from(contentChanges);
    expect(rows.length).toBe(before + 2);
    expect(rows.filter((r) => committed.ok && committed.changeIds.includes(r.id)).map((r) => r.status)).toEqual(["submitted", "submitted"]);
    // The same file again: every row is already waiting or already current.
    const again = await commitQuestionSheet(d, actor, bytes, name, { submit: true });
    expect(again).toMatchObject({ ok: true, plan: { create: 0, update: 0, unchanged: 3 } });
    expect((await d.select().from(contentChanges)).length).toBe(before + 2);
    // Tidy up for the next format: withdraw what this one added.
    if (committed.ok) for (const id of committed.changeIds) await d.update(contentChanges).set({ status: "withdrawn" }).where(eq(contentChanges.id, id));
  });

  test("every problem is listed by spreadsheet line and column, and nothing is written", async () => {
    const { d, actor } = await editor();
    const blank = (n: number) => Array.from({ length: n }, () => "");
    const rows = [
      ["junior", "law", "law-301", "单选题", "2", "1", "题干一", "甲", "乙", ...blank(6), "D", "解析", "", ""],
      ["junior", "nope", "law-302", "判断题", "1", "1", "题干二", ...blank(8), "对", "解析", "", ""],
      ["junior", "law", "law-303", "判断题", "1", "1", "题干三", ...blank(8), "对", "解析", "", ""],
      ["junior", "law", "law-303", "判断题", "1", "1", "题干四", ...blank(8), "错", "解析", "", ""],
      ["junior", "law", "law-304", "单选题", "9", "1", "=HYPERLINK(\"x\")", "甲", "乙", ...blank(6), "A", "解析", "", ""],
    ];
    const bytes = new TextEncoder().encode(toCsv([...QUESTION_SHEET_HEADERS], []).replace(/\r\n$/, "\r\n") + rows.map((r) => r.join(",")).join("\r\n"));
    const checked = await checkQuestionSheet(d, actor, bytes, "bad.csv");
    if (!checked.ok) throw new Error(checked.error);
    const byLine = checked.plan.problems.map((p) => [p.line, p.column, p.message]);
    expect(byLine).toEqual(
      expect.arrayContaining([
        [2, "答案", "authoring.problems.schema"],
        [3, "专题", "authoring.import.topic"],
        [5, "题目编号", "authoring.import.duplicateId"],
        [6, "题干", "authoring.import.formula"],
      ]),
    );
    const before = (await d.select().from(contentChanges)).length;
    expect(await commitQuestionSheet(d, actor, bytes, "bad.csv", { submit: false })).toMatchObject({ ok: false });
    expect((await d.select().from(contentChanges)).length).toBe(before);
  });

  test("a file without the template's columns is refused with the missing ones", async () => {
    const { d, actor } = await editor();
    const bytes = new TextEncoder().encode("题目编号,题干\r\nlaw-1,x\r\n");
    expect(await checkQuestionSheet(d, actor, bytes, "x.csv")).toMatchObject({ ok: false, error: "missing_columns", columns: expect.arrayContaining(["等级", "题型", "答案"]) });
  });

  test("the export imports back unchanged", async () => {
    const { d, actor } = await editor();
    const exported = await exportQuestionRows(d, actor);
    expect(exported.length).toBeGreaterThanOrEqual(6);
    const bytes = new TextEncoder().encode(toCsv([...QUESTION_SHEET_HEADERS], exported));
    const checked = await checkQuestionSheet(d, actor, bytes, "export.csv");
    expect(checked).toMatchObject({ ok: true, plan: { problems: [], create: 0, update: 0, unchanged: exported.length } });
  });
});
