import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { readTable } from "./read-table.server";
import {
  mapHeaders,
  normalizeEmail,
  normalizeMobile,
  normalizeName,
  TRAINEE_FIELD_MAX_LENGTH,
  validateTraineeRows,
  type TraineeColumns,
} from "./trainee-rows";

async function readFixture(name: string) {
  const bytes = new Uint8Array(readFileSync(new URL(`../../../tests/fixtures/import/${name}`, import.meta.url)));
  const table = await readTable(bytes, name);
  if (!table.ok) throw new Error(`${name}: ${table.error}`);
  return table;
}

async function validateFixture(name: string) {
  const table = await readFixture(name);
  const mapping = mapHeaders(table.headers);
  if (!mapping.ok) throw new Error(`${name}: no header`);
  return validateTraineeRows(table.rows, mapping.columns, { headerLine: table.headerLine });
}

// The five people every good-row fixture holds, as they must come out whichever way they were typed.
const PEOPLE = [
  {
    name: "王建国",
    mobile: "13912345678",
    email: "wangjianguo@example.com",
    employer: "太原理工大学技术转移中心",
    jobTitle: "技术经理人",
  },
  {
    name: "李晓梅",
    mobile: "18634567890",
    email: "lixiaomei@example.cn",
    employer: "山西省科技成果转化服务中心",
    jobTitle: "项目主管",
  },
  {
    name: "张伟",
    mobile: "13987654321",
    email: "zhangwei@example.com",
    employer: "中北大学",
    jobTitle: "成果转化专员",
  },
  { name: "刘芳", mobile: "18612345670", email: "", employer: "太原重工股份有限公司", jobTitle: "技术经理人" },
  {
    name: "陈静",
    mobile: "",
    email: "chenjing@example.org",
    employer: "太原理工大学技术转移中心",
    jobTitle: "项目主管",
  },
];

describe("the good fixtures hold the same five people", () => {
  test.each(["trainees-utf8-bom.csv", "trainees-gbk.csv", "trainees-shuffled-headers.csv", "trainees.xlsx"])(
    "%s",
    async (name) => {
      const rows = await validateFixture(name);
      expect(rows.map((row) => row.errors)).toEqual([[], [], [], [], []]);
      expect(rows.map((row) => row.line)).toEqual([2, 3, 4, 5, 6]);
      expect(rows.map((row) => row.values)).toEqual(PEOPLE);
    },
  );
});

describe("recognising the header row", () => {
  test("Chinese and English names in any order, ignoring case, spaces and notes; other columns ignored", () => {
    expect(mapHeaders(["序号", "姓名", "手机号", "邮箱", "工作单位", "职务"])).toEqual({
      ok: true,
      columns: { name: 1, mobile: 2, email: 3, employer: 4, jobTitle: 5 },
    });
    expect(mapHeaders(["E-mail", "Job title", "Full name", "Organization", "Mobile phone"])).toEqual({
      ok: true,
      columns: { email: 0, jobTitle: 1, name: 2, employer: 3, mobile: 4 },
    });
    expect(mapHeaders(["  FULL  NAME ", "EMAIL", "phone", "Company", "Position"])).toMatchObject({
      columns: { name: 0, email: 1, mobile: 2, employer: 3, jobTitle: 4 },
    });
    expect(mapHeaders(["*姓名", "手机号码（必填）", "电子邮件", "单位名称", "岗位"])).toMatchObject({
      columns: { name: 0, mobile: 1, email: 2, employer: 3, jobTitle: 4 },
    });
    expect(mapHeaders(["学员姓名", "联系电话", "ｅｍａｉｌ", "Employer", "Title"])).toMatchObject({
      columns: { name: 0, mobile: 1, email: 2, employer: 3, jobTitle: 4 },
    });
  });

  test("a name and one way of contact are enough; optional columns stay undefined", () => {
    expect(mapHeaders(["名字", "电子邮箱"])).toEqual({
      ok: true,
      columns: { name: 0, email: 1, mobile: undefined, employer: undefined, jobTitle: undefined },
    });
  });

  test("the first of two matching columns wins", () => {
    expect(mapHeaders(["姓名", "手机", "电话"])).toMatchObject({ columns: { mobile: 1 } });
  });

  test("a first row of data, or one without a name or any contact column, is no header", async () => {
    const noHeader = await readFixture("no-header.csv");
    expect(mapHeaders(noHeader.headers)).toEqual({ ok: false, error: "no_header", missing: ["name", "contact"] });
    expect(mapHeaders(["姓名", "单位"])).toEqual({ ok: false, error: "no_header", missing: ["contact"] });
    expect(mapHeaders(["手机", "邮箱"])).toEqual({ ok: false, error: "no_header", missing: ["name"] });
    expect(mapHeaders([])).toMatchObject({ ok: false, error: "no_header" });
  });
});

describe("row errors", () => {
  test("every kind is reported on its spreadsheet line, and the blank line is skipped", async () => {
    const rows = await validateFixture("trainees-errors.csv");
    expect(rows.map((row) => [row.line, row.errors])).toEqual([
      [2, []],
      [3, []],
      [4, [{ code: "name_missing" }]],
      [5, [{ code: "contact_missing" }]],
      [6, [{ code: "mobile_malformed" }]],
      [8, [{ code: "email_malformed" }]],
      [9, [{ code: "duplicate_in_file", field: "mobile", otherLine: 2 }]],
      [10, [{ code: "duplicate_in_file", field: "email", otherLine: 3 }]],
      [11, [{ code: "too_long", field: "employer", max: 200 }]],
    ]);
    // The malformed values are kept, normalized, so they can be shown next to the error.
    expect(rows[4]!.values.mobile).toBe("1390000111");
    expect(rows[5]!.values.email).toBe("zhaolei@example");
  });

  const columns: TraineeColumns = { name: 0, mobile: 1, email: 2, employer: 3, jobTitle: 4 };

  test("names and job titles that are too long; lengths count characters, not bytes", () => {
    const rows = validateTraineeRows(
      [
        [
          "王".repeat(TRAINEE_FIELD_MAX_LENGTH.name),
          "13912345678",
          "",
          "",
          "技".repeat(TRAINEE_FIELD_MAX_LENGTH.jobTitle),
        ],
        ["王".repeat(51), "18634567890", "", "", "技".repeat(101)],
      ],
      columns,
    );
    expect(rows[0]!.errors).toEqual([]);
    expect(rows[1]!.errors).toEqual([
      { code: "too_long", field: "name", max: 50 },
      { code: "too_long", field: "jobTitle", max: 100 },
    ]);
  });

  test("the same person twice reports both the mobile and the e-mail, pointing at the first line", () => {
    const rows = validateTraineeRows(
      [
        ["王建国", "13912345678", "wang@example.com"],
        ["王建国", "+86 139 1234 5678", "WANG@example.com"],
        ["王建国", "13912345678", ""],
      ],
      columns,
    );
    expect(rows[1]!.errors).toEqual([
      { code: "duplicate_in_file", field: "mobile", otherLine: 2 },
      { code: "duplicate_in_file", field: "email", otherLine: 2 },
    ]);
    expect(rows[2]!.errors).toEqual([{ code: "duplicate_in_file", field: "mobile", otherLine: 2 }]);
  });

  test("a row may collect several errors", () => {
    const [row] = validateTraineeRows([["", "12345", "not-an-email"]], columns);
    expect(row!.errors).toEqual([{ code: "name_missing" }, { code: "mobile_malformed" }, { code: "email_malformed" }]);
  });

  test("rows with nothing in the trainee columns are skipped, even when a 序号 column is numbered", () => {
    const rows = validateTraineeRows([["1", "王建国", "13912345678"], ["2", "", ""], [], ["3", " ", "\u3000"]], {
      ...columns,
      name: 1,
      mobile: 2,
      email: undefined,
    });
    expect(rows.map((row) => row.line)).toEqual([2]);
  });

  test("line numbers follow the header's line", () => {
    const rows = validateTraineeRows([["王建国", "13912345678"]], columns, { headerLine: 3 });
    expect(rows[0]!.line).toBe(4);
  });
});

describe("normalization", () => {
  test.each([
    ["13912345678", "13912345678"],
    ["139 1234 5678", "13912345678"],
    ["139-1234-5678", "13912345678"],
    ["+86 139 1234 5678", "13912345678"],
    ["+86-13912345678", "13912345678"],
    ["008613912345678", "13912345678"],
    ["8613912345678", "13912345678"],
    ["１３９１２３４５６７８", "13912345678"],
    ["＋８６　１３９１２３４５６７８", "13912345678"],
    ["(+86) 139 1234 5678", "13912345678"],
  ])("mobile %j → %j", (raw, expected) => {
    expect(normalizeMobile(raw)).toBe(expected);
  });

  test.each([
    ["12912345678"], // no mobile network starts 12
    ["1391234567"], // ten digits
    ["139123456789"], // twelve
    ["0351-1234567"], // a Taiyuan landline
    ["1.39123E+10"], // what Excel leaves when a number column was saved as CSV in scientific format
  ])("mobile %j is malformed", (raw) => {
    const [row] = validateTraineeRows([["王建国", raw]], {
      name: 0,
      mobile: 1,
      email: undefined,
      employer: undefined,
      jobTitle: undefined,
    });
    expect(row!.errors).toEqual([{ code: "mobile_malformed" }]);
  });

  test("e-mail: trimmed, full-width to half-width, lower-cased, mailto: dropped", () => {
    expect(normalizeEmail("  Wang.JianGuo@Example.COM ")).toBe("wang.jianguo@example.com");
    expect(normalizeEmail("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ")).toBe("wang@example.com");
    expect(normalizeEmail("mailto:wang@example.com")).toBe("wang@example.com");
  });

  test.each([
    ["wang@example"],
    ["wang@@example.com"],
    ["wang example@example.com"],
    ["wang@example..com"],
    [".wang@example.com"],
    ["wang@example。com"],
    ["王@example.com"],
  ])("e-mail %j is malformed", (raw) => {
    const [row] = validateTraineeRows([["王建国", raw]], {
      name: 0,
      email: 1,
      mobile: undefined,
      employer: undefined,
      jobTitle: undefined,
    });
    expect(row!.errors).toEqual([{ code: "email_malformed" }]);
  });

  test.each([["wang.jianguo+tm@mail.tyut.edu.cn"], ["li_xiaomei@163.com"], ["12345678@qq.com"]])(
    "e-mail %j is accepted",
    (raw) => {
      const [row] = validateTraineeRows([["王建国", raw]], {
        name: 0,
        email: 1,
        mobile: undefined,
        employer: undefined,
        jobTitle: undefined,
      });
      expect(row!.errors).toEqual([]);
    },
  );

  test("names: trimmed, inner spaces collapsed, full-width Latin made half-width, padding between Chinese characters removed", () => {
    expect(normalizeName("  王建国 ")).toBe("王建国");
    expect(normalizeName("刘　芳")).toBe("刘芳");
    expect(normalizeName("李  晓 梅")).toBe("李晓梅");
    expect(normalizeName("Ｌｉ   Ｘｉａｏｍｅｉ")).toBe("Li Xiaomei");
    expect(normalizeName("阿依古丽·买买提")).toBe("阿依古丽·买买提");
  });

  test("employer and job title: trimmed, spaces collapsed, full-width forms normalized", () => {
    const [row] = validateTraineeRows(
      [["王建国", "13912345678", "", "  太原重工股份有限公司（技术中心） ", "技术经理人\u3000\u3000"]],
      {
        name: 0,
        mobile: 1,
        email: 2,
        employer: 3,
        jobTitle: 4,
      },
    );
    expect(row!.values.employer).toBe("太原重工股份有限公司(技术中心)");
    expect(row!.values.jobTitle).toBe("技术经理人");
  });
});
