import Papa from "papaparse";
import { describe, expect, test } from "vitest";
import { chinaIsoDateTime } from "~/utils/china-time";
import { toCsv } from "./csv-export";

describe("CSV export", () => {
  const headers = ["姓名", "手机", "工作单位", "成绩", "提交时间"];
  const rows = [
    ["王建国", "13912345678", "太原理工大学技术转移中心", 92.5, new Date("2026-03-10T02:30:00Z")],
    ["李晓梅", null, '山西省科技成果转化服务中心, "综合部"', 0, undefined],
    ["张伟", "18634567890", "第一行\n第二行", -2, null],
  ];

  test("starts with a BOM, ends every line with CRLF", () => {
    const csv = toCsv(headers, rows);
    expect(csv.startsWith("\uFEFF姓名,手机,工作单位,成绩,提交时间\r\n")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.split("\r\n")).toHaveLength(5); // four records and the empty string after the last CRLF
  });

  test("round-trips through papaparse: commas, quotes and line breaks quoted, numbers and dates as text", () => {
    const parsed = Papa.parse<string[]>(toCsv(headers, rows).slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([
      headers,
      ["王建国", "13912345678", "太原理工大学技术转移中心", "92.5", "2026-03-10T10:30:00+08:00"],
      ["李晓梅", "", '山西省科技成果转化服务中心, "综合部"', "0", ""],
      ["张伟", "18634567890", "第一行\n第二行", "-2", ""],
    ]);
  });

  test("strings that a spreadsheet would run as a formula are prefixed with a quote; numbers are not", () => {
    const csv = toCsv(
      ["值"],
      [
        ["=1+1"],
        ["+8613912345678"],
        ["-2"],
        ["@SUM(A1)"],
        ["\t=1+1"],
        ["\r=1+1"],
        ['=HYPERLINK("http://evil.example","点我")'],
        [-2],
        ["普通文本 = 1"],
      ],
    );
    const values = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true })
      .data.slice(1)
      .map((row) => row[0]);
    expect(values).toEqual([
      "'=1+1",
      "'+8613912345678",
      "'-2",
      "'@SUM(A1)",
      "'\t=1+1",
      "'\r=1+1",
      `'=HYPERLINK("http://evil.example","点我")`,
      "-2",
      "普通文本 = 1",
    ]);
  });

  test("dates are ISO 8601 in China Standard Time; invalid dates and non-finite numbers are blank", () => {
    expect(chinaIsoDateTime(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01T00:00:00+08:00");
    expect(new Date(chinaIsoDateTime(new Date("2026-03-10T02:30:00Z"))).toISOString()).toBe("2026-03-10T02:30:00.000Z");
    expect(toCsv(["a", "b"], [[new Date(Number.NaN), Number.NaN]])).toBe("\uFEFFa,b\r\n,\r\n");
  });

  test("headers only", () => {
    expect(toCsv(["姓名"], [])).toBe("\uFEFF姓名\r\n");
  });
});
