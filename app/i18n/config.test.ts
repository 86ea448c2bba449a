import { describe, expect, test } from "vitest";
import { formatDate, formatDateTime, isLanguage } from "./config";
import { renderLanguage } from "./render-language";

describe("dates and times", () => {
  test("are shown in China Standard Time whatever the server's zone", () => {
    // 16:30 UTC is half past midnight the next day in Beijing.
    expect(formatDateTime("2026-01-01T16:30:00Z", "zh-CN")).toBe("2026年1月2日 00:30");
    expect(formatDateTime(new Date("2026-01-01T16:30:00Z"), "en")).toBe("2 Jan 2026, 00:30");
  });

  test("read day first in English and in Chinese order in Chinese, every month alike", () => {
    expect(formatDateTime("2026-12-05T23:30:00Z", "en")).toBe("6 Dec 2026, 07:30");
    expect(formatDateTime("2026-12-05T23:30:00Z", "zh-CN")).toBe("2026年12月6日 07:30");
    expect(formatDateTime("2026-09-10T04:05:00Z", "en")).toBe("10 Sep 2026, 12:05");
    expect(formatDate("2026-12-06", "en")).toBe("6 Dec 2026");
    expect(formatDate("2026-12-06", "zh-CN")).toBe("2026年12月6日");
    expect(formatDate("2026-12-05T16:00:00Z", "zh-CN")).toBe("2026年12月6日");
  });
});

describe("the language of a render", () => {
  test("is the root loader's (account before cookie), whatever else the request carries", () => {
    expect(renderLanguage({ language: "en", user: null })).toBe("en");
    expect(renderLanguage({ language: "zh-CN" })).toBe("zh-CN");
    expect(renderLanguage(undefined)).toBe("zh-CN");
    expect(renderLanguage({ language: "fr" })).toBe("zh-CN");
  });

  test("only zh-CN and en are languages", () => {
    expect(isLanguage("zh-CN")).toBe(true);
    expect(isLanguage("en")).toBe(true);
    expect(isLanguage("fr")).toBe(false);
  });
});
