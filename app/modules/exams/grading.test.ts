import { describe, expect, test } from "vitest";
import { gradePart, normalizeFillIn } from "./grading";

describe("fill-in normalization", () => {
  test.each([
    ["５０％", "50%"],
    ["  百分之 五十 ", "百分之五十"],
    ["ＧＢ／Ｔ ２２９００", "gb/t22900"],
    ["Open Licensing", "openlicensing"],
    ["五十。", "五十"],
  ])("%j reads as %j", (typed, expected) => {
    expect(normalizeFillIn(typed)).toBe(expected);
  });

  test("any accepted answer, typed with full-width characters or spaces, earns the points", () => {
    const key = { type: "fill_in" as const, answer: ["五十", "50", "50%"], explanation: "" };
    expect(gradePart(key, 10, "５０")).toBe(10);
    expect(gradePart(key, 10, " 50 % ")).toBe(10);
    expect(gradePart(key, 10, "五")).toBe(0);
    expect(gradePart(key, 10, "")).toBe(0);
  });
});

describe("objective grading", () => {
  test("single choice and true/false: right or nothing", () => {
    expect(gradePart({ type: "single", answer: 2, explanation: "" }, 10, 2)).toBe(10);
    expect(gradePart({ type: "single", answer: 2, explanation: "" }, 10, 1)).toBe(0);
    expect(gradePart({ type: "single", answer: 2, explanation: "" }, 10, null)).toBe(0);
    expect(gradePart({ type: "true_false", answer: false, explanation: "" }, 10, false)).toBe(10);
    expect(gradePart({ type: "true_false", answer: false, explanation: "" }, 10, true)).toBe(0);
  });

  test("multiple choice: full, proportional for a correct subset, nothing with any wrong option", () => {
    const key = { type: "multiple" as const, answer: [0, 1, 3], explanation: "" };
    expect(gradePart(key, 20, [3, 1, 0])).toBe(20);
    expect(gradePart(key, 20, [0, 1])).toBe(13);
    expect(gradePart(key, 20, [0])).toBe(6);
    expect(gradePart(key, 20, [0, 1, 2])).toBe(0);
    expect(gradePart(key, 20, [])).toBe(0);
  });

  test("an essay waits for a person", () => {
    expect(gradePart({ type: "essay", rubric: "…", explanation: "" }, 100, "我的回答")).toBeNull();
  });
});
