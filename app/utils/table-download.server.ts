import { toCsv, type TableCell } from "~/modules/spreadsheets";
import { toXlsx } from "~/modules/spreadsheets/index.server";

export type TableFormat = "csv" | "xlsx";

const CONTENT_TYPES: Record<TableFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/**
 * A table as a file download: CSV (UTF-8 with BOM, formulas neutralized) or XLSX. The file name is
 * ASCII with an RFC 5987 UTF-8 variant, so browsers keep the Chinese title.
 */
export async function tableDownload(
  format: TableFormat,
  file: { ascii: string; title?: string },
  headers: string[],
  rows: TableCell[][],
) {
  const body =
    format === "csv"
      ? new TextEncoder().encode(toCsv(headers, rows))
      : await toXlsx({ sheetName: file.title ?? file.ascii, headers, rows });
  const name = `${file.ascii}.${format}`;
  const utf8 = file.title ? `; filename*=UTF-8''${encodeURIComponent(`${file.title}.${format}`)}` : "";
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${name}"${utf8}`,
      "Cache-Control": "private, no-store",
    },
  });
}
