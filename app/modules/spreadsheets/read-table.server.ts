import ExcelJS from "exceljs";
import { fileTypeFromBuffer } from "file-type";
import iconv from "iconv-lite";
import Papa from "papaparse";

/** An upload larger than this is refused before it is parsed. */
export const MAX_TABLE_BYTES = 5 * 1024 * 1024;
/** Data rows (not counting the header) one upload may hold. */
export const MAX_TABLE_ROWS = 10_000;
// Room for blank lines; a file of little but line breaks would otherwise cost seconds and gigabytes.
const MAX_RECORDS_READ = 2 * MAX_TABLE_ROWS;
// A workbook's parts unpacked: 10,000 rows of trainees take a few megabytes, a ZIP can hold a thousand times its size.
const MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024;

export type TableEncoding = "utf-8" | "utf-8-bom" | "gb18030";
export type ReadTableError = "too_large" | "wrong_type" | "empty" | "unreadable";
export type ReadResult =
  | {
      ok: true;
      format: "csv" | "xlsx";
      /** Only for CSV: how the text was decoded. */
      encoding?: TableEncoding;
      headers: string[];
      /**
       * The rows under the header, in file order. A blank row in the middle stays as `[]` so that
       * `rows[i]` is spreadsheet line `headerLine + 1 + i`, the number the user sees in Excel.
       */
      rows: string[][];
      /** 1-based line of the header: the first row that is not blank (usually 1). */
      headerLine: number;
    }
  | { ok: false; error: ReadTableError };

/**
 * Reads an uploaded CSV or XLSX into trimmed strings. The type is decided by the bytes, never by
 * the name (people rename files; some systems export HTML as ".xls"), so the name is not used.
 */
export async function readTable(bytes: Uint8Array, _fileName: string): Promise<ReadResult> {
  if (bytes.byteLength > MAX_TABLE_BYTES) return failure("too_large");
  if (bytes.byteLength === 0) return failure("empty");
  const detected = await fileTypeFromBuffer(bytes);
  // Any ZIP goes to the workbook reader, which tells a damaged workbook from another kind of archive.
  if (detected?.ext === "xlsx" || detected?.ext === "zip") return readXlsx(bytes);
  // Anything else file-type knows (a picture, a PDF, a legacy .xls) is binary; text it leaves unnamed.
  if (detected || UTF16_BOMS.some((bom) => startsWith(bytes, bom)) || hasBinaryControlBytes(bytes))
    return failure("wrong_type");
  return readCsv(bytes);
}

function failure(error: ReadTableError): ReadResult {
  return { ok: false, error };
}

// --- Sniffing ---------------------------------------------------------------------------------

const UTF8_BOM = [0xef, 0xbb, 0xbf];
// UTF-16 text ("Unicode text" from Excel), LE and BE: not one of the encodings we accept.
const UTF16_BOMS = [
  [0xff, 0xfe],
  [0xfe, 0xff],
];

function startsWith(bytes: Uint8Array, signature: number[]) {
  return signature.every((byte, i) => bytes[i] === byte);
}

/** Text in UTF-8 or GB18030 never contains C0 control bytes other than tab, line breaks and the old DOS end-of-file mark. */
function hasBinaryControlBytes(bytes: Uint8Array) {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (
      byte < 0x20 &&
      byte !== 0x09 &&
      byte !== 0x0a &&
      byte !== 0x0b &&
      byte !== 0x0c &&
      byte !== 0x0d &&
      byte !== 0x1a
    ) {
      return true;
    }
  }
  return false;
}

function containsAscii(bytes: Uint8Array, text: string) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text, 0, "latin1");
}

// --- CSV --------------------------------------------------------------------------------------

// The full-width comma "，" is punctuation inside Chinese text, never a separator.
const CSV_DELIMITERS = [",", "\t", ";"];

function readCsv(bytes: Uint8Array): ReadResult {
  const decoded = decodeText(bytes);
  if (!decoded) return failure("unreadable");
  // HTML or XML (a web system's "Excel export", an .xml spreadsheet) is not a table we can read.
  if (/^\s*</.test(decoded.text)) return failure("wrong_type");

  // Guess the delimiter from the start of the file ignoring blank lines, then parse keeping them so
  // line numbers stay true.
  const start = decoded.text.slice(0, 64 * 1024);
  const guess = Papa.parse<string[]>(start, {
    preview: 10,
    skipEmptyLines: "greedy",
    delimitersToGuess: CSV_DELIMITERS,
  });
  const parsed = Papa.parse<string[]>(decoded.text, {
    delimiter: guess.meta.delimiter,
    skipEmptyLines: false,
    preview: MAX_RECORDS_READ + 1,
  });
  if (parsed.data.length > MAX_RECORDS_READ) return failure("too_large");
  // An unbalanced quote swallows the rest of the file into one cell: better refused than imported wrong.
  if (parsed.errors.some((error) => error.type === "Quotes")) return failure("unreadable");
  return toTable("csv", parsed.data, decoded.encoding);
}

function decodeText(bytes: Uint8Array): { text: string; encoding: TableEncoding } | null {
  if (startsWith(bytes, UTF8_BOM)) {
    const text = decodeUtf8(bytes.subarray(UTF8_BOM.length));
    return text === null ? null : { text, encoding: "utf-8-bom" };
  }
  const utf8 = decodeUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: "utf-8" };
  // Excel on Chinese Windows saves "CSV (逗号分隔)" in GBK; GB18030 is its superset.
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "gb18030");
  return text.includes("\uFFFD") ? null : { text, encoding: "gb18030" };
}

function decodeUtf8(bytes: Uint8Array) {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

// --- XLSX -------------------------------------------------------------------------------------

async function readXlsx(bytes: Uint8Array): Promise<ReadResult> {
  if ((zipUnpackedSize(bytes) ?? 0) > MAX_XLSX_UNPACKED_BYTES) return failure("too_large");
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; the copy is at most MAX_TABLE_BYTES.
    await workbook.xlsx.load(bytes.slice().buffer);
  } catch {
    // A damaged workbook still names its "xl/" parts in the ZIP directory; any other ZIP is not a spreadsheet.
    return failure(containsAscii(bytes, "xl/") ? "unreadable" : "wrong_type");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return failure("wrong_type");
  // Far over the limit: refused before converting cells. The exact count (title rows aside) comes later.
  if (sheet.actualRowCount > MAX_RECORDS_READ) return failure("too_large");

  const cells: string[][] = [];
  sheet.eachRow((row, rowNumber) => {
    const texts: string[] = [];
    row.eachCell((cell, columnNumber) => {
      texts[columnNumber - 1] = cellText(cell.value);
    });
    cells[rowNumber - 1] = Array.from(texts, (text) => text ?? "");
  });
  return toTable(
    "xlsx",
    Array.from(cells, (row) => row ?? []),
  );
}

/**
 * The sum of the sizes the ZIP's central directory declares for its entries, read before
 * anything is inflated; null when there is no readable directory (exceljs will then refuse it).
 */
function zipUnpackedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is the last 22 bytes, plus a comment of up to 65,535.
  let end = bytes.byteLength - 22;
  while (end >= 0 && end >= bytes.byteLength - 22 - 0xffff && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0 || end < bytes.byteLength - 22 - 0xffff) return null;
  const entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== 0x02014b50) return null;
    const size = view.getUint32(offset + 24, true);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY; // ZIP64: over 4 GB
    total += size;
    offset +=
      46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return total;
}

/** The text a person sees in the cell, never a formula or an object. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("hyperlink" in value) {
    // exceljs reads a hyperlink's text as rich text when the cell is formatted.
    const text = typeof value.text === "string" ? value.text : cellText(value.text as ExcelJS.CellValue);
    return text.trim() ? text : value.hyperlink.replace(/^mailto:/i, "");
  }
  if ("formula" in value || "sharedFormula" in value) return cellText(value.result as ExcelJS.CellValue);
  if ("error" in value) return value.error;
  return "";
}

/** 15 significant digits, as Excel shows them: 13800138000 stays whole, 0.1 + 0.2 shows as 0.3. */
function numberText(value: number) {
  return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : "";
}

// --- Both formats -----------------------------------------------------------------------------

function toTable(format: "csv" | "xlsx", rawRows: string[][], encoding?: TableEncoding): ReadResult {
  const rows = rawRows.map(tidyRow);
  const headerIndex = rows.findIndex((row) => row.length > 0);
  if (headerIndex === -1) return failure("empty");
  const dataRows = rows.slice(headerIndex + 1);
  while (dataRows.length > 0 && dataRows[dataRows.length - 1]!.length === 0) dataRows.pop();
  if (dataRows.filter((row) => row.length > 0).length > MAX_TABLE_ROWS) return failure("too_large");
  return {
    ok: true,
    format,
    ...(encoding ? { encoding } : {}),
    headers: rows[headerIndex]!,
    rows: dataRows,
    headerLine: headerIndex + 1,
  };
}

// Zero-width characters and the BOM come along when cells are pasted from web pages and chat apps.
const EDGE_SPACE = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g;

/** Trims every cell and drops trailing empty cells; a blank row becomes `[]`. */
function tidyRow(row: string[]) {
  const cells = row.map((cell) => cell.replace(EDGE_SPACE, ""));
  while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
  return cells;
}
