import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { MAX_TABLE_BYTES, MAX_TABLE_ROWS, readTable, type ReadResult } from "./read-table.server";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../tests/fixtures/import/${name}`, import.meta.url)));
const utf8 = (text: string) => new TextEncoder().encode(text);

async function readOk(bytes: Uint8Array, fileName = "upload.csv") {
  const result = await readTable(bytes, fileName);
  if (!result.ok) throw new Error(`expected a table, got ${result.error}`);
  return result;
}

async function workbookBytes(fill: (sheet: ExcelJS.Worksheet) => void) {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet("Sheet1"));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("reading the trainee fixtures", () => {
  test("UTF-8 with a BOM: the BOM is not part of the first header", async () => {
    const table = await readOk(fixture("trainees-utf8-bom.csv"));
    expect(table).toMatchObject({ format: "csv", encoding: "utf-8-bom", headerLine: 1 });
    expect(table.headers).toEqual(["序号", "姓名", "手机号", "邮箱", "工作单位", "职务"]);
    expect(table.rows).toHaveLength(5);
    expect(table.rows[0]).toEqual([
      "1",
      "王建国",
      "13912345678",
      "wangjianguo@example.com",
      "太原理工大学技术转移中心",
      "技术经理人",
    ]);
    // 刘芳 has no e-mail, 陈静 no mobile: empty cells in the middle keep their place.
    expect(table.rows[3]).toEqual(["4", "刘芳", "18612345670", "", "太原重工股份有限公司", "技术经理人"]);
  });

  test("GBK from Excel on Chinese Windows is decoded as GB18030; a full-width comma does not split a cell", async () => {
    const table = await readOk(fixture("trainees-gbk.csv"));
    expect(table).toMatchObject({ format: "csv", encoding: "gb18030" });
    expect(table.headers).toEqual(["学员姓名", "联系电话", "电子邮箱", "单位名称", "职位", "备注"]);
    expect(table.rows[0]).toEqual([
      "王建国",
      "139 1234 5678",
      "wangjianguo@example.com",
      "太原理工大学技术转移中心",
      "技术经理人",
      "已缴费，待开班",
    ]);
    // The trailing empty 备注 cell is trimmed off.
    expect(table.rows[1]).toEqual([
      "李晓梅",
      "+86 186-3456-7890",
      "lixiaomei@example.cn",
      "山西省科技成果转化服务中心",
      "项目主管",
    ]);
  });

  test("plain UTF-8 without a BOM", async () => {
    const table = await readOk(fixture("trainees-shuffled-headers.csv"));
    expect(table).toMatchObject({ format: "csv", encoding: "utf-8" });
    expect(table.headers).toEqual(["E-mail", "Job title", "Full name", "Organization", "Mobile phone"]);
    expect(table.rows[4]).toEqual(["chenjing@example.org", "项目主管", "陈静", "太原理工大学技术转移中心"]);
  });

  test("XLSX: numbers stay whole, hyperlinks give their text, rich text and formula results are read, dates are days", async () => {
    const table = await readOk(fixture("trainees.xlsx"), "学员名单.xlsx");
    expect(table.format).toBe("xlsx");
    expect(table.encoding).toBeUndefined();
    expect(table.headers).toEqual(["姓名", "手机", "E-mail", "单位", "岗位", "报名日期"]);
    expect(table.rows).toHaveLength(5);
    expect(table.rows[0]).toEqual([
      "王建国",
      "13912345678",
      "wangjianguo@example.com",
      "太原理工大学技术转移中心",
      "技术经理人",
      "2026-03-10",
    ]);
    expect(table.rows[1]![0]).toBe("李晓梅");
    expect(table.rows[2]![4]).toBe("成果转化专员");
    expect(table.rows[4]).toEqual([
      "陈静",
      "",
      "chenjing@example.org",
      "太原理工大学技术转移中心",
      "项目主管",
      "2026-03-14",
    ]);
  });

  test("the type comes from the content: a CSV named .xlsx is read as CSV, an XLSX named .csv as XLSX", async () => {
    expect((await readOk(fixture("trainees-utf8-bom.csv"), "名单.xlsx")).format).toBe("csv");
    expect((await readOk(fixture("trainees.xlsx"), "名单.csv")).format).toBe("xlsx");
  });
});

describe("what is refused", () => {
  const refused = async (bytes: Uint8Array, fileName = "upload.xlsx") =>
    ((await readTable(bytes, fileName)) as Extract<ReadResult, { ok: false }>).error;

  test("a picture named .xlsx, a PDF, a legacy .xls and an HTML “Excel export” are the wrong type", async () => {
    expect(await refused(fixture("not-a-spreadsheet.xlsx"))).toBe("wrong_type");
    expect(await refused(utf8("%PDF-1.4\n%âãÏÓ\n1 0 obj\n"), "名单.pdf")).toBe("wrong_type");
    expect(
      await refused(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), "名单.xls"),
    ).toBe("wrong_type");
    expect(await refused(utf8("<html><body><table><tr><td>姓名</td></tr></table></body></html>"), "名单.xls")).toBe(
      "wrong_type",
    );
    expect(await refused(new Uint8Array([0x00, 0x01, 0x02, 0x03, 0x41, 0x42]), "data.csv")).toBe("wrong_type");
  });

  test("a ZIP that is not a workbook is the wrong type; a damaged workbook is unreadable", async () => {
    const workbook = fixture("trainees.xlsx");
    expect(await refused(workbook.subarray(0, 2000))).toBe("unreadable");
    const otherZip = await workbookBytes(() => {}); // a valid ZIP, made into a non-workbook by renaming its parts
    const text = Buffer.from(otherZip).toString("latin1").replaceAll("xl/", "xx/");
    expect(await refused(new Uint8Array(Buffer.from(text, "latin1")))).toBe("wrong_type");
  });

  test("empty files, blank lines only, and a workbook with nothing in it are empty", async () => {
    expect(await refused(new Uint8Array())).toBe("empty");
    expect(await refused(utf8("\uFEFF\r\n,,,\r\n  \r\n"))).toBe("empty");
    expect(await refused(await workbookBytes(() => {}))).toBe("empty");
  });

  test("over 5 MB is too large, without being parsed", async () => {
    expect(await refused(new Uint8Array(MAX_TABLE_BYTES + 1).fill(0x41), "big.csv")).toBe("too_large");
  });

  test(`over ${MAX_TABLE_ROWS} data rows is too large, in CSV and in XLSX`, async () => {
    const csvWith = (count: number) =>
      utf8(
        ["姓名,手机", ...Array.from({ length: count }, (_, i) => `学员${i},139${String(i).padStart(8, "0")}`)].join(
          "\n",
        ),
      );
    expect((await readOk(csvWith(MAX_TABLE_ROWS))).rows).toHaveLength(MAX_TABLE_ROWS);
    expect(await refused(csvWith(MAX_TABLE_ROWS + 1))).toBe("too_large");
    const xlsx = await workbookBytes((sheet) => {
      sheet.addRow(["姓名", "手机"]);
      for (let i = 0; i <= MAX_TABLE_ROWS; i++) sheet.addRow([`学员${i}`, 13900000000 + i]);
    });
    expect(await refused(xlsx)).toBe("too_large");
  });

  test("a CSV of little but line breaks is too large, refused after a bounded amount of parsing", async () => {
    expect(await refused(utf8("姓名,手机\n王建国,13912345678\n" + "\n".repeat(2 * MAX_TABLE_ROWS)), "a.csv")).toBe(
      "too_large",
    );
  });

  test("a small workbook that unpacks to over 50 MB is too large, refused before it is unpacked", async () => {
    const filler = "技".repeat(10_000); // 30 KB in UTF-8, and a ZIP squeezes it to almost nothing
    const xlsx = await workbookBytes((sheet) => {
      sheet.addRow(["姓名"]);
      for (let i = 0; i < 1800; i++) sheet.addRow([filler + i]);
    });
    expect(xlsx.byteLength).toBeLessThan(200_000);
    expect(await refused(xlsx)).toBe("too_large");
  });

  test("text that is neither UTF-8 nor GB18030 is unreadable", async () => {
    expect(await refused(new Uint8Array([...utf8("name,mobile\nWang,"), 0xff, 0x0a]), "a.csv")).toBe("unreadable");
  });

  test("an unterminated quote is unreadable rather than silently swallowing the rest of the file", async () => {
    expect(await refused(utf8('姓名,手机\n"王建国,13912345678\n李晓梅,18634567890\n'), "a.csv")).toBe("unreadable");
  });
});

describe("CSV details", () => {
  test("tab- and semicolon-separated files are recognised", async () => {
    expect((await readOk(utf8("姓名\t手机\n王建国\t13912345678\n"))).rows).toEqual([["王建国", "13912345678"]]);
    expect((await readOk(utf8("姓名;手机;邮箱\n王建国;13912345678;wang@example.com\n"))).rows).toEqual([
      ["王建国", "13912345678", "wang@example.com"],
    ]);
  });

  test("Chinese full-width commas are text, not separators", async () => {
    const table = await readOk(utf8("姓名，手机\n王建国，13912345678\n"));
    expect(table.headers).toEqual(["姓名，手机"]);
  });

  test("quoted cells may hold commas, quotes and line breaks", async () => {
    const table = await readOk(
      utf8('姓名,单位\n王建国,"太原重工股份有限公司, 技术中心"\n"张""伟""","第一行\n第二行"\n'),
    );
    expect(table.rows).toEqual([
      ["王建国", "太原重工股份有限公司, 技术中心"],
      ['张"伟"', "第一行\n第二行"],
    ]);
  });

  test("blank lines in the middle keep their place so row positions match spreadsheet lines; leading ones move the header", async () => {
    const table = await readOk(utf8("\n,,\n姓名,手机\n王建国,13912345678\n\n张伟,13987654321\n\n\n"));
    expect(table.headerLine).toBe(3);
    expect(table.rows).toEqual([["王建国", "13912345678"], [], ["张伟", "13987654321"]]);
  });

  test("cells are trimmed of spaces, full-width spaces and zero-width characters; trailing empty columns dropped", async () => {
    const table = await readOk(utf8("姓名 , 手机 ,,\n\u3000王建国\u200B , 13912345678,,\n"));
    expect(table.headers).toEqual(["姓名", "手机"]);
    expect(table.rows).toEqual([["王建国", "13912345678"]]);
  });

  test("GB18030 characters outside GBK (a rare name character) decode too", async () => {
    const table = await readOk(new Uint8Array(iconv.encode("姓名,手机\n王𠮷,13912345678\n", "gb18030")));
    expect(table.encoding).toBe("gb18030");
    expect(table.rows[0]![0]).toBe("王𠮷");
  });
});

describe("XLSX details", () => {
  test("only the first worksheet is read; error cells show their code; blank rows keep their place", async () => {
    const workbook = new ExcelJS.Workbook();
    const first = workbook.addWorksheet("名单");
    first.addRow(["姓名", "手机", "备注"]);
    first.addRow(["王建国", 13912345678, { error: "#N/A" }]);
    first.addRow([]);
    first.addRow(["张伟", "139 8765 4321", 0.1 + 0.2]);
    workbook.addWorksheet("说明").addRow(["请勿修改表头"]);
    const table = await readOk(new Uint8Array(await workbook.xlsx.writeBuffer()), "名单.xlsx");
    expect(table.headers).toEqual(["姓名", "手机", "备注"]);
    expect(table.rows).toEqual([["王建国", "13912345678", "#N/A"], [], ["张伟", "139 8765 4321", "0.3"]]);
  });
});
