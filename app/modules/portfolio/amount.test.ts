import { describe, expect, test } from "vitest";
import { fenToYuanText, parseAmountToFen } from "./amount";

describe("contract amounts as people write them", () => {
  test.each([
    ["12.5", 1250],
    ["12.50", 1250],
    ["0", 0],
    ["1,250,000", 125_000_000],
    ["125万", 125_000_000],
    ["1.5万", 1_500_000],
    ["3.2亿", 32_000_000_000],
    ["¥ 80,000 元", 8_000_000],
    ["人民币50万元", 50_000_000],
    ["１２５万", 125_000_000],
  ])("%s yuan is %d fen", (text, fen) => {
    expect(parseAmountToFen(text)).toEqual({ ok: true, fen });
  });

  test("a negative amount is refused as negative, not as garbage", () => {
    expect(parseAmountToFen("-12.5")).toEqual({ ok: false, error: "portfolio.errors.amountNegative" });
    expect(parseAmountToFen("-125万")).toEqual({ ok: false, error: "portfolio.errors.amountNegative" });
  });

  test.each(["abc", "12.5.3", "1,25,000", "12,50", "1e6", "万", "12万元万", "0x10"])("%s is not an amount", (text) => {
    expect(parseAmountToFen(text)).toEqual({ ok: false, error: "portfolio.errors.amountInvalid" });
  });

  test("empty, finer than a fen, and absurdly large amounts each say what is wrong", () => {
    expect(parseAmountToFen("  ")).toEqual({ ok: false, error: "portfolio.errors.amountRequired" });
    expect(parseAmountToFen("12.345")).toEqual({ ok: false, error: "portfolio.errors.amountTooPrecise" });
    expect(parseAmountToFen("1.2345678万")).toEqual({ ok: false, error: "portfolio.errors.amountTooPrecise" });
    expect(parseAmountToFen("2000000000000")).toEqual({ ok: false, error: "portfolio.errors.amountTooLarge" });
  });

  test("a stored amount goes back into the form as a figure that parses to the same fen", () => {
    for (const fen of [0, 5, 1250, 125_000_000, 123_456_789])
      expect(parseAmountToFen(fenToYuanText(fen))).toEqual({ ok: true, fen });
  });
});
