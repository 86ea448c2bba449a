import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, test } from "vitest";
import { certificateChecks } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { makeOrganization, makeRegion } from "../../../tests/setup/factories";
import { translator } from "~/i18n/i18n.server";
import { readTable } from "~/modules/spreadsheets/index.server";
import { db } from "~/utils/db.server";
import { BULK_RESULTS_TTL_MS, openBulkResults, sealBulkResults } from "./bulk-results.server";
import { bulkCounts, bulkResultTable, bulkRowsFrom, verifyBulk } from "./bulk.server";
import { issueTestCertificate, revokeTestCertificate } from "../../../tests/setup/test-certificates";

beforeAll(() => syncFixtureContent());

async function mixedCertificates() {
  const d = await db();
  const valid = await issueTestCertificate(d, { holderName: "张晓芳" });
  const revoked = await issueTestCertificate(d, { holderName: "李明" });
  await revokeTestCertificate(d, revoked.id, "证书信息有误");
  const misspelled = await issueTestCertificate(d, { holderName: "王小红" });
  const employer = await makeOrganization(d, (await makeRegion(d)).id, "employer");
  return { d, valid, revoked, misspelled, employer };
}

const grouped = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase();

describe("bulk verification", () => {
  test("a GBK CSV with Chinese headers in any order: valid, revoked, unknown, malformed and misspelled rows", async () => {
    const { d, valid, revoked, misspelled, employer } = await mixedCertificates();
    const csv = [
      "姓名,备注,证书编号/核验码",
      `张晓芳,新员工,${grouped(valid.code)}`,
      `李明,,${revoked.serial.toLowerCase()}`,
      `赵六,,ZZZZZ-ZZZZZ`,
      `钱七,,不是编号`,
      "",
      `王晓红,写错了一个字,${misspelled.serial}`,
      `,,${valid.serial}`,
    ].join("\r\n");
    const table = await readTable(new Uint8Array(iconv.encode(csv, "gbk")), "核验.csv");
    const rows = bulkRowsFrom(table);
    if (!rows.ok) throw new Error(rows.error);
    expect(rows.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 7, 8]);

    const results = await verifyBulk(d, rows.rows, { organizationId: employer.id });
    expect(results.map((r) => [r.line, r.outcome, r.certificate?.status ?? null, r.name])).toEqual([
      [2, "found", "valid", "confirmed"],
      [3, "found", "revoked", "confirmed"],
      [4, "not_found", null, "unchecked"],
      [5, "malformed", null, "unchecked"],
      [7, "found", "valid", "mismatch"],
      [8, "found", "valid", "not_given"],
    ]);
    expect(results[1]!.certificate).toMatchObject({
      serial: revoked.serial,
      holderNameMasked: "李*",
      revoked: { reason: "证书信息有误" },
    });
    // Each row counts once: line 7 (valid, but for another name) is a name mismatch, not valid.
    expect(bulkCounts(results)).toEqual({ total: 6, valid: 2, invalid: 1, notFound: 2, nameMismatch: 1 });
    // The holder's full name never comes back; the file's own names do.
    expect(JSON.stringify(results)).not.toContain("王小红");
    expect(results[4]!.nameGiven).toBe("王晓红");

    // Every row is logged as the employer's bulk check, with the name comparison where one was made.
    const logged = await d.select().from(certificateChecks).where(eq(certificateChecks.organizationId, employer.id));
    expect(logged).toHaveLength(6);
    expect(logged.every((row) => row.kind === "bulk")).toBe(true);
    expect(logged.filter((row) => row.certificateId === null)).toHaveLength(2);
    expect(logged.filter((row) => row.certificateId === misspelled.id)).toMatchObject([
      { nameChecked: true, nameMatched: false },
    ]);
    expect(
      logged
        .filter((row) => row.certificateId === valid.id)
        .map((row) => row.nameChecked)
        .sort(),
    ).toEqual([false, true]);
  });

  test("an XLSX with English headers and separate code and serial columns", async () => {
    const { d, valid, revoked, employer } = await mixedCertificates();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.addRow(["Serial", "Full name", "Verification code"]);
    sheet.addRow(["", "Zhang Xiaofang", valid.code]);
    sheet.addRow([revoked.serial, "李明", ""]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const rows = bulkRowsFrom(await readTable(bytes, "employees.xlsx"));
    if (!rows.ok) throw new Error(rows.error);
    const results = await verifyBulk(d, rows.rows, { organizationId: employer.id });
    expect(results.map((r) => [r.certificate?.serial, r.certificate?.status, r.name])).toEqual([
      [valid.serial, "valid", "mismatch"],
      [revoked.serial, "revoked", "confirmed"],
    ]);
  });

  test("a file without a code or serial column, or without rows, is refused with what to fix", async () => {
    const noColumn = await readTable(new TextEncoder().encode("姓名,手机号,员工号\n张三,13800138000,A01\n"), "x.csv");
    expect(bulkRowsFrom(noColumn)).toEqual({ ok: false, error: "missing_column" });
    const noRows = await readTable(new TextEncoder().encode("核验码,姓名\n\n"), "x.csv");
    expect(bulkRowsFrom(noRows)).toEqual({ ok: false, error: "no_rows" });
    const pdf = await readTable(new TextEncoder().encode("%PDF-1.7 …"), "x.csv");
    expect(bulkRowsFrom(pdf)).toEqual({ ok: false, error: "wrong_type" });
  });

  test("results are sealed for the download: readable for a while by the same employer only", async () => {
    const { d, valid, employer } = await mixedCertificates();
    const results = await verifyBulk(d, [{ line: 2, query: valid.code, name: "张晓芳" }], {
      organizationId: employer.id,
    });
    const now = new Date();
    const sealed = sealBulkResults(employer.id, results, now);
    expect(openBulkResults(sealed, employer.id, now)).toEqual(results);
    expect(openBulkResults(sealed, crypto.randomUUID(), now)).toBeNull();
    expect(openBulkResults(sealed, employer.id, new Date(now.getTime() + BULK_RESULTS_TTL_MS))).toBeNull();
    const [payload, mac] = sealed.split(".");
    expect(openBulkResults(`${payload}A.${mac}`, employer.id, now)).toBeNull();
    expect(openBulkResults("garbage", employer.id, now)).toBeNull();

    // The downloaded table says the same in the reader's language.
    const table = bulkResultTable(results, await translator("zh-CN"), "zh-CN");
    expect(table.headers.slice(0, 3)).toEqual(["行号", "查询内容", "查询结果"]);
    expect(table.rows[0]).toEqual([
      2,
      valid.code,
      "已找到",
      valid.serial,
      grouped(valid.code).toUpperCase(),
      "有效",
      valid.record.levelNameZh,
      valid.record.centerNameZh,
      valid.record.issuedOn,
      valid.record.expiresOn,
      "张*芳",
      "张晓芳",
      "姓名一致",
    ]);
  });
});
