import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { toXlsx } from "./xlsx-export.server";

async function load(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  return workbook;
}

describe("XLSX export", () => {
  test("Chinese headers and values, numbers as numbers, dates shown in Beijing time", async () => {
    const bytes = await toXlsx({
      sheetName: "学员成绩",
      headers: ["姓名", "手机", "工作单位", "成绩", "提交时间"],
      rows: [
        ["王建国", "13912345678", "太原理工大学技术转移中心", 92.5, new Date("2026-03-10T02:30:00Z")],
        ["李晓梅", null, "山西省科技成果转化服务中心", -2, undefined],
      ],
    });
    const sheet = (await load(bytes)).worksheets[0]!;
    expect(sheet.name).toBe("学员成绩");
    expect(sheet.getRow(1).values).toEqual([undefined, "姓名", "手机", "工作单位", "成绩", "提交时间"]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });

    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe("王建国");
    expect(first.getCell(2).value).toBe("13912345678"); // a mobile given as text stays text
    expect(first.getCell(4).value).toBe(92.5);
    expect(first.getCell(5).type).toBe(ExcelJS.ValueType.Date);
    expect(first.getCell(5).numFmt).toBe("yyyy-mm-dd hh:mm");
    // Excel has no time zone: the cell's wall clock is Beijing's 10:30.
    expect((first.getCell(5).value as Date).toISOString()).toBe("2026-03-10T10:30:00.000Z");
    expect(sheet.getRow(3).getCell(2).value).toBeNull();
    expect(sheet.getRow(3).getCell(4).value).toBe(-2);
  });

  test("formula-looking strings stay strings, never formulas", async () => {
    const hostile = ['=HYPERLINK("http://evil.example","点我")', "=1+1", "+8613912345678", "-2", "@SUM(A1)"];
    const bytes = await toXlsx({ sheetName: "导出", headers: ["备注"], rows: hostile.map((text) => [text]) });
    const sheet = (await load(bytes)).worksheets[0]!;
    hostile.forEach((text, index) => {
      const cell = sheet.getRow(index + 2).getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(text);
      expect(cell.formula).toBeFalsy();
    });
  });

  test("column widths follow the content, Chinese characters counting double, within bounds", async () => {
    const bytes = await toXlsx({
      sheetName: "宽度",
      headers: ["序号", "工作单位", "说明"],
      rows: [
        [1, "太原理工大学技术转移中心", "x".repeat(200)],
        [2, "中北大学", null],
        [3, null, null, "多出的一列"],
      ],
    });
    const sheet = (await load(bytes)).worksheets[0]!;
    expect(sheet.getColumn(1).width).toBe(8); // narrow columns are not narrower than 8
    expect(sheet.getColumn(2).width).toBe(12 * 2 + 2);
    expect(sheet.getColumn(3).width).toBe(60); // very long text is capped
    expect(sheet.getColumn(4).width).toBe(5 * 2 + 2);
  });

  test("a sheet name Excel would refuse is made acceptable", async () => {
    const bytes = await toXlsx({
      sheetName: "2026/03 第一期: [太原] 学员名单——技术经理人培训班（初级）成绩汇总",
      headers: ["姓名"],
      rows: [],
    });
    const name = (await load(bytes)).worksheets[0]!.name;
    expect(name).not.toMatch(/[\\/?*[\]:]/);
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name.startsWith("2026 03 第一期")).toBe(true);
    const blank = await toXlsx({ sheetName: "???", headers: ["姓名"], rows: [] });
    expect((await load(blank)).worksheets[0]!.name).toBe("Sheet1");
  });
});
