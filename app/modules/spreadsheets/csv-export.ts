import { chinaIsoDateTime } from "~/utils/china-time";

export type TableCell = string | number | null | undefined | Date;

// A cell starting with one of these is run as a formula by Excel, WPS and LibreOffice (OWASP "CSV Injection").
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/**
 * A CSV that Excel on Chinese Windows opens correctly: the BOM makes it read UTF-8 (it would guess
 * GBK otherwise), fields are quoted as RFC 4180 says, lines end in CRLF.
 */
export function toCsv(headers: string[], rows: TableCell[][]): string {
  const lines = [headers, ...rows].map((row) => row.map((cell) => quoteField(cellText(cell))).join(","));
  return "\uFEFF" + lines.map((line) => line + "\r\n").join("");
}

function cellText(cell: TableCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : chinaIsoDateTime(cell);
  // A leading quote makes the spreadsheet show the text as text; numbers passed as numbers (-2) need none.
  return FORMULA_TRIGGER.test(cell) ? `'${cell}` : cell;
}

function quoteField(text: string) {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
