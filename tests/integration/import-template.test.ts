import ExcelJS from "exceljs";
import { beforeAll, describe, expect, test } from "vitest";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import { readTable } from "~/modules/spreadsheets/index.server";
import * as importRoute from "~/routes/manage.organizations.$orgId.import";
import * as reportRoute from "~/routes/manage.organizations.$orgId.import_.report";
import * as csvTemplate from "~/routes/manage.organizations.$orgId.import_.template[.]csv";
import * as xlsxTemplate from "~/routes/manage.organizations.$orgId.import_.template[.]xlsx";
import { db } from "~/utils/db.server";

beforeAll(() => syncFixtureContent());

const BASE = "http://localhost:3000";

async function world() {
  const d = await db();
  const center = await makeOrganization(d, (await makeRegion(d)).id);
  const other = await makeOrganization(d, (await makeRegion(d)).id);
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  const outsider = await makeUser(d, { role: "center_staff", organizationId: other.id });
  const cookie = async (userId: string) => `tma_session=${(await createSession(d, userId)).token}`;
  const params = { orgId: center.id };
  const get = async (route: typeof csvTemplate, userId = staff.id) =>
    route.loader({
      request: new Request(`${BASE}/manage/organizations/${center.id}/import/template`, {
        headers: { Cookie: await cookie(userId) },
      }),
      params,
      context: {} as never,
    });
  const check = async (file: File) => {
    const body = new FormData();
    body.append("intent", "check");
    body.append("cohortId", "");
    body.append("file", file);
    const request = new Request(`${BASE}/manage/organizations/${center.id}/import`, {
      method: "POST",
      headers: { Cookie: await cookie(staff.id) },
      body,
    });
    return (await importRoute.action({ request, params, context: {} as never })) as unknown as {
      data: {
        stage: string;
        plan: { ok: boolean; rows: { line: number; errors: { code: string }[] }[] };
        fileBase64: string;
      };
    };
  };
  const report = async (fields: Record<string, string>) =>
    reportRoute.action({
      request: new Request(`${BASE}/manage/organizations/${center.id}/import/report`, {
        method: "POST",
        headers: { Cookie: await cookie(staff.id) },
        body: new URLSearchParams(fields),
      }),
      params,
      context: {} as never,
    });
  return { center, outsider, get, check, report };
}

const PEOPLE = [
  ["王建国", "13912345678", "wangjianguo@example.com", "太原理工大学技术转移中心", "技术经理人"],
  ['=HYPERLINK("http://evil.example","点我")', "18634567890", "", "中北大学", "项目主管"],
  ["李\u202E晓梅", "", "lixiaomei@example.cn", "", ""],
];

describe("the import template", () => {
  test("downloads as CSV with Chinese headers, is filled in and checked: a formula or hidden characters are refused as names", async () => {
    const { get, check } = await world();
    const response = await get(csvTemplate);
    expect(response.headers.get("Content-Disposition")).toContain("trainee-import-template.csv");
    const template = await response.text();
    expect(template.replace(/^\uFEFF/, "").trim()).toBe("姓名,手机号,邮箱,工作单位,职务");
    const filled =
      template + PEOPLE.map((p) => p.map((v) => `"${v.replace(/"/g, '""')}"`).join(",")).join("\r\n") + "\r\n";
    const { data } = await check(new File([filled], "名单.csv", { type: "text/csv" }));
    expect(data.stage).toBe("preview");
    expect(data.plan.rows.map((r) => [r.line, r.errors.map((e) => e.code)])).toEqual([
      [2, []],
      [3, ["name_unsafe"]],
      [4, ["name_unsafe"]],
    ]);
    expect(data.plan.ok).toBe(false);
  });

  test("the Excel template round-trips: download, fill in, check", async () => {
    const { get, check } = await world();
    const bytes = new Uint8Array(await (await get(xlsxTemplate)).arrayBuffer());
    const read = await readTable(bytes, "template.xlsx");
    expect(read.ok && read.headers).toEqual(["姓名", "手机号", "邮箱", "工作单位", "职务"]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer as ArrayBuffer);
    book.worksheets[0]!.addRow(PEOPLE[0]);
    const filled = new Uint8Array(await book.xlsx.writeBuffer());
    const { data } = await check(new File([filled], "名单.xlsx"));
    expect(data.plan).toMatchObject({ ok: true, rows: [{ line: 2, errors: [] }] });
  });

  test("another center's staff may not download it", async () => {
    const { get, outsider } = await world();
    await expect(get(csvTemplate, outsider.id)).rejects.toMatchObject({ status: 403 });
  });
});

describe("the dry run as a spreadsheet", () => {
  test("every row with a problems column, or only the rows to fix", async () => {
    const { check, report } = await world();
    const csv =
      "姓名,手机号,邮箱,工作单位,职务\r\n" +
      PEOPLE.map((p) => p.map((v) => `"${v.replace(/"/g, '""')}"`).join(",")).join("\r\n");
    const { data } = await check(new File([csv], "名单.csv"));
    const all = await report({ format: "csv", fileName: "名单.csv", fileBase64: data.fileBase64, cohortId: "" });
    expect(all.headers.get("Content-Type")).toContain("text/csv");
    const lines = (await all.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe("行号,姓名,手机号,邮箱,工作单位,职务,结果,问题");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain("新建账号");
    // The formula comes back neutralized, with the reason beside it.
    expect(lines[2]).toMatch(/^3,"?'=HYPERLINK/);
    expect(lines[2]).toContain("姓名不能以");

    const onlyProblems = await report({
      format: "xlsx",
      only: "problems",
      fileName: "名单.csv",
      fileBase64: data.fileBase64,
      cohortId: "",
    });
    const read = await readTable(new Uint8Array(await onlyProblems.arrayBuffer()), "check.xlsx");
    expect(read.ok && read.rows.map((r) => r[0])).toEqual(["3", "4"]);
  });
});
