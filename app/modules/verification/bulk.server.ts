import type { TFunction } from "i18next";
import type { DbOrTx } from "#db/client";
import type { TableCell } from "~/modules/spreadsheets";
import type { ReadResult, ReadTableError } from "~/modules/spreadsheets/index.server";
import { namesMatch } from "~/modules/certificates";
import { recordChecks, type CheckEntry } from "./checks.server";
import { findCertificates, parseVerificationQuery, queryText, type PublicCertificate } from "./lookup.server";

/** One row of an employer's file: where it is, what it asks, and the name it expects. */
export interface BulkRow {
  /** The line number the person sees in Excel. */
  line: number;
  query: string;
  name: string;
}

export type BulkFileError = ReadTableError | "missing_column" | "no_rows";

// Headers are compared without spaces, punctuation or case, and may carry extra words ("姓名（必填）").
const NAME_HEADER = /姓名|持证人|持有人|名字|name|holder/;
const QUERY_HEADER = /核验码|验证码|证书编号|证书号|code|serial|certificate/;
// A bare "编号" may be an employee number: used only when no header says code or serial plainly.
const WEAK_QUERY_HEADER = /编号/;

function headerKey(header: string) {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-()（）/\\.·:：]/g, "");
}

/**
 * The rows of an uploaded table: the code-or-serial column(s) and the name column found by their
 * headers (Chinese or English, any order). A row may fill either a code or a serial column.
 */
export function bulkRowsFrom(table: ReadResult): { ok: true; rows: BulkRow[] } | { ok: false; error: BulkFileError } {
  if (!table.ok) return table;
  const keys = table.headers.map(headerKey);
  const nameColumn = keys.findIndex((k) => NAME_HEADER.test(k));
  const columnsMatching = (pattern: RegExp) => keys.flatMap((k, i) => (i !== nameColumn && pattern.test(k) ? [i] : []));
  const strong = columnsMatching(QUERY_HEADER);
  const queryColumns = strong.length ? strong : columnsMatching(WEAK_QUERY_HEADER);
  if (queryColumns.length === 0) return { ok: false, error: "missing_column" };
  const rows: BulkRow[] = [];
  table.rows.forEach((cells, i) => {
    if (cells.length === 0) return;
    const query = queryColumns.map((c) => cells[c] ?? "").find((text) => text !== "") ?? "";
    const name = nameColumn === -1 ? "" : (cells[nameColumn] ?? "");
    if (query === "" && name === "") return;
    rows.push({ line: table.headerLine + 1 + i, query, name });
  });
  return rows.length ? { ok: true, rows } : { ok: false, error: "no_rows" };
}

/** "unchecked": a name was given but there was no certificate to compare it with. */
export type NameOutcome = "confirmed" | "mismatch" | "not_given" | "unchecked";

/** One row's answer. Only public facts: the holder's name stays masked; the typed name is the file's own. */
export interface BulkResult {
  line: number;
  query: string;
  outcome: "found" | "not_found" | "malformed";
  certificate: Pick<
    PublicCertificate,
    | "serial"
    | "code"
    | "status"
    | "levelNameZh"
    | "levelNameEn"
    | "centerNameZh"
    | "centerNameEn"
    | "issuedOn"
    | "expiresOn"
    | "holderNameMasked"
    | "revoked"
    | "superseded"
  > | null;
  nameGiven: string;
  name: NameOutcome;
}

/** Checks every row at once and logs each as a "bulk" check of the employer. */
export async function verifyBulk(
  db: DbOrTx,
  rows: BulkRow[],
  by: { organizationId: string },
  now = new Date(),
): Promise<BulkResult[]> {
  const queries = rows.map((row) => parseVerificationQuery(row.query));
  const found = await findCertificates(
    db,
    queries.flatMap((q) => (q ? [q] : [])),
    now,
  );
  const log: CheckEntry[] = [];
  const results = rows.map((row, i): BulkResult => {
    const query = queries[i];
    const certificate = query ? found.get(queryText(query)) : undefined;
    const name: NameOutcome =
      row.name === ""
        ? "not_given"
        : !certificate
          ? "unchecked"
          : namesMatch(row.name, certificate.holderName)
            ? "confirmed"
            : "mismatch";
    log.push({
      certificateId: certificate?.id ?? null,
      query: row.query,
      kind: "bulk",
      organizationId: by.organizationId,
      nameMatched: name === "confirmed" ? true : name === "mismatch" ? false : null,
    });
    const v = certificate?.view;
    return {
      line: row.line,
      query: row.query,
      outcome: certificate ? "found" : query ? "not_found" : "malformed",
      certificate: v
        ? {
            serial: v.serial,
            code: v.code,
            status: v.status,
            levelNameZh: v.levelNameZh,
            levelNameEn: v.levelNameEn,
            centerNameZh: v.centerNameZh,
            centerNameEn: v.centerNameEn,
            issuedOn: v.issuedOn,
            expiresOn: v.expiresOn,
            holderNameMasked: v.holderNameMasked,
            revoked: v.revoked,
            superseded: v.superseded,
          }
        : null,
      nameGiven: row.name,
      name,
    };
  });
  await recordChecks(db, log);
  return results;
}

/**
 * How many rows came out which way: the summary above the table. Each row counts once: a certificate found
 * for a name that does not match is a name mismatch, never "valid" — the person in the file may not hold it.
 */
export function bulkCounts(results: BulkResult[]) {
  const counts = { total: results.length, valid: 0, invalid: 0, notFound: 0, nameMismatch: 0 };
  for (const r of results) {
    if (!r.certificate) counts.notFound++;
    else if (r.name === "mismatch") counts.nameMismatch++;
    else if (r.certificate.status === "valid") counts.valid++;
    else counts.invalid++;
  }
  return counts;
}

/** The results as a table for CSV or XLSX, in the reader's language. */
export function bulkResultTable(
  results: BulkResult[],
  t: TFunction,
  language: "zh-CN" | "en",
): { headers: string[]; rows: TableCell[][] } {
  const en = language === "en";
  const headers = [
    "line",
    "query",
    "outcome",
    "serial",
    "code",
    "status",
    "level",
    "center",
    "issuedOn",
    "expiresOn",
    "holder",
    "nameGiven",
    "name",
  ].map((column) => t(`verification.bulk.columns.${column}`));
  const rows = results.map((r): TableCell[] => {
    const c = r.certificate;
    return [
      r.line,
      r.query,
      t(`verification.bulk.outcome.${r.outcome}`),
      c?.serial,
      c?.code,
      c ? t(`verification.status.${c.status}`) : null,
      c ? (en ? c.levelNameEn : c.levelNameZh) : null,
      c ? (en ? c.centerNameEn : c.centerNameZh) : null,
      c?.issuedOn,
      c ? (c.expiresOn ?? t("verification.noExpiry")) : null,
      c?.holderNameMasked,
      r.nameGiven,
      t(`verification.bulk.name.${r.name}`),
    ];
  });
  return { headers, rows };
}
