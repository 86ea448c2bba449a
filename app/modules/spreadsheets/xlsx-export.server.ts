import ExcelJS from "exceljs";
import { chinaWallClock } from "~/utils/china-time";
import type { TableCell } from "./csv-export";

export type XlsxTable = { sheetName: string; headers: string[]; rows: TableCell[][] };

const DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm";
const MIN_COLUMN_WIDTH = 8;
const MAX_COLUMN_WIDTH = 60;
// Excel refuses (offers to "repair") a workbook with a longer cell.
const MAX_CELL_CHARS = 32_767;

/**
 * One worksheet with a bold, frozen header row. Every string is written as a plain string cell:
 * exceljs only writes a formula when given a `{ formula }` object, and none is ever built here,
 * so "=HYPERLINK(...)" typed by a user stays text.
 */
export async function toXlsx({ sheetName, headers, rows }: XlsxTable): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), { views: [{ state: "frozen", ySplit: 1 }] });

  sheet.addRow(headers.map(cellValue)).font = { bold: true };
  for (const row of rows) {
    const added = sheet.addRow(row.map(cellValue));
    row.forEach((cell, index) => {
      if (cell instanceof Date) added.getCell(index + 1).numFmt = DATE_TIME_FORMAT;
    });
  }

  // Loops rather than Math.max(...rows): an export can have more rows than a call can take arguments.
  const widths = headers.map(displayWidth);
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, displayWidth(cell));
    });
  }
  widths.forEach((width, index) => {
    sheet.getColumn(index + 1).width = Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, width + 2));
  });

  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function cellValue(cell: TableCell): string | number | Date | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : null;
  // Excel has no time zones and exceljs writes a Date's UTC fields: shift so the cell shows Beijing time.
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : chinaWallClock(cell);
  return cell.length > MAX_CELL_CHARS ? cell.slice(0, MAX_CELL_CHARS) : cell;
}

// Han, kana, hangul and full-width forms take two columns in Excel's default fonts.
const WIDE_CHARACTER =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF01-\uFF60\uFFE0-\uFFE6]/u;

function displayWidth(cell: TableCell): number {
  if (cell === null || cell === undefined) return 0;
  if (cell instanceof Date) return DATE_TIME_FORMAT.length;
  const lines = String(cell).split(/\r?\n/);
  return Math.max(
    ...lines.map((line) => [...line].reduce((width, char) => width + (WIDE_CHARACTER.test(char) ? 2 : 1), 0)),
  );
}

/** Excel's rules: at most 31 characters, none of \ / ? * [ ] :, no quote at either end. */
function safeSheetName(name: string) {
  const cleaned = [...name.replace(/[\\/?*[\]:]/g, " ").trim()]
    .slice(0, 31)
    .join("")
    .replace(/^'+|'+$/g, "")
    .trim();
  return cleaned || "Sheet1";
}
