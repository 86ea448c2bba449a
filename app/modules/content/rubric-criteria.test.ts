import { describe, expect, test } from "vitest";
import { rubricCriteria } from "./rubric-criteria";
import { PART_SCHEMAS } from "./question-schemas";

describe("rubric criteria", () => {
  test("numbered lines with points are the criteria, named by the text before the points or the colon", () => {
    expect(
      rubricCriteria(
        "1. 结构选择（3分）：不做整体转让（1分）。\n2、准确说明技术转移的含义：技术从供给方向需求方流动（2 分）。\n说明：无编号的行不算。",
      ),
    ).toEqual([
      { name: "结构选择", pointsTenths: 30 },
      { name: "准确说明技术转移的含义", pointsTenths: 20 },
    ]);
    expect(rubricCriteria("决策程序 4 分；定价 3 分；股权奖励 3 分。")).toEqual([]);
  });

  test("the content check refuses criteria that do not add up to the question's points", () => {
    const essay = { type: "essay", stem: "说明许可费结构。", rubric: "1. 入门费（3 分）：…\n2. 提成（2 分）：…" };
    const wrong = PART_SCHEMAS.essay.safeParse({ ...essay, points: 6 });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]).toMatchObject({
      path: ["rubric"],
      message: "the rubric's criteria add up to 5 points, not the question's 6",
    });
    expect(PART_SCHEMAS.essay.safeParse({ ...essay, points: 5 }).success).toBe(true);
  });
});
