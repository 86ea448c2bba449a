import { describe, expect, test } from "vitest";
import { formatDateTime, isLanguage } from "./config";

describe("dates and times", () => {
  test("are shown in China Standard Time whatever the server's zone", () => {
    // 16:30 UTC is half past midnight the next day in Beijing.
    expect(formatDateTime("2026-01-01T16:30:00Z", "zh-CN")).toBe("2026/01/02 00:30");
    expect(formatDateTime(new Date("2026-01-01T16:30:00Z"), "en")).toBe("01/02/2026, 00:30");
  });

  test("only zh-CN and en are languages", () => {
    expect(isLanguage("zh-CN")).toBe(true);
    expect(isLanguage("en")).toBe(true);
    expect(isLanguage("fr")).toBe(false);
  });
});
