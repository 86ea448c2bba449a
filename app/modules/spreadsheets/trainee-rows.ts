import { MOBILE_PATTERN } from "~/modules/auth";

export type TraineeField = "name" | "mobile" | "email" | "employer" | "jobTitle";
/** Column index of each field in the uploaded table; undefined when the table has no such column. */
export type TraineeColumns = Record<TraineeField, number | undefined>;
export type HeaderMapping =
  | { ok: true; columns: TraineeColumns }
  /** `missing` says which required column was not found, so the message can name it. */
  | { ok: false; error: "no_header"; missing: ("name" | "contact")[] };

export type TraineeValues = Record<TraineeField, string>;
export type RowError =
  | { code: "name_missing" }
  /** Starts like a formula (=, +, -, @) or holds control or direction characters: not a person's name. */
  | { code: "name_unsafe" }
  | { code: "contact_missing" }
  | { code: "mobile_malformed" }
  | { code: "email_malformed" }
  | { code: "duplicate_in_file"; field: "mobile" | "email"; otherLine: number }
  | { code: "too_long"; field: LimitedField; max: number };
export type TraineeRow = {
  /** 1-based spreadsheet line, as Excel numbers it (header = line 1 unless told otherwise). */
  line: number;
  /** Normalized values; "" where the cell is empty. A malformed value is kept so it can be shown. */
  values: TraineeValues;
  errors: RowError[];
};

type LimitedField = "name" | "employer" | "jobTitle";
/** Longest values accepted, in characters. */
export const TRAINEE_FIELD_MAX_LENGTH: Record<LimitedField, number> = { name: 50, employer: 200, jobTitle: 100 };
const EMAIL_MAX_LENGTH = 254;

// Header texts are compared after headerKey(), so spaces, case, "E-mail"/"Email" and "(必填)" don't matter.
const HEADER_SYNONYMS: Record<TraineeField, string[]> = {
  name: ["姓名", "名字", "学员姓名", "真实姓名", "name", "full name", "trainee name"],
  mobile: [
    "手机",
    "手机号",
    "手机号码",
    "联系电话",
    "电话",
    "电话号码",
    "移动电话",
    "mobile",
    "phone",
    "mobile phone",
    "mobile number",
    "phone number",
    "cell phone",
  ],
  email: ["邮箱", "电子邮箱", "电子邮件", "邮箱地址", "邮件", "e-mail", "email", "email address"],
  employer: ["工作单位", "单位", "单位名称", "所在单位", "employer", "organization", "organisation", "company"],
  jobTitle: ["职务", "职位", "岗位", "job title", "title", "position"],
};
const FIELD_BY_HEADER = new Map(
  Object.entries(HEADER_SYNONYMS).flatMap(([field, names]) =>
    names.map((name) => [headerKey(name), field as TraineeField]),
  ),
);

function headerKey(header: string) {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\(.*?\)|\[.*?\]|【.*?】/g, "") // notes such as "手机号（必填）"
    .replace(/[\s\-_.*:：]/g, "");
}

/** Finds the trainee columns in the header row, in any order; the first matching column wins. */
export function mapHeaders(headers: string[]): HeaderMapping {
  const columns: TraineeColumns = {
    name: undefined,
    mobile: undefined,
    email: undefined,
    employer: undefined,
    jobTitle: undefined,
  };
  headers.forEach((header, index) => {
    const field = FIELD_BY_HEADER.get(headerKey(header));
    if (field && columns[field] === undefined) columns[field] = index;
  });
  const missing: ("name" | "contact")[] = [];
  if (columns.name === undefined) missing.push("name");
  if (columns.mobile === undefined && columns.email === undefined) missing.push("contact");
  return missing.length ? { ok: false, error: "no_header", missing } : { ok: true, columns };
}

/**
 * Normalizes and checks each data row. Rows with nothing in the trainee columns are skipped:
 * templates often come with a 序号 column numbered in advance.
 */
export function validateTraineeRows(
  rows: string[][],
  columns: TraineeColumns,
  options: { headerLine?: number } = {},
): TraineeRow[] {
  const headerLine = options.headerLine ?? 1;
  const firstLineWith = { mobile: new Map<string, number>(), email: new Map<string, number>() };
  const result: TraineeRow[] = [];

  rows.forEach((cells, index) => {
    const cell = (field: TraineeField) => {
      const column = columns[field];
      return column === undefined ? "" : (cells[column] ?? "");
    };
    const values: TraineeValues = {
      name: normalizeName(cell("name")),
      mobile: normalizeMobile(cell("mobile")),
      email: normalizeEmail(cell("email")),
      employer: normalizeText(cell("employer")),
      jobTitle: normalizeText(cell("jobTitle")),
    };
    if (Object.values(values).every((value) => value === "")) return;

    const line = headerLine + 1 + index;
    const errors: RowError[] = [];
    if (!values.name) errors.push({ code: "name_missing" });
    else if (isUnsafeName(cell("name"))) errors.push({ code: "name_unsafe" });
    if (!values.mobile && !values.email) errors.push({ code: "contact_missing" });
    for (const field of ["mobile", "email"] as const) {
      if (!values[field]) continue;
      const wellFormed = field === "mobile" ? isValidMobile(values.mobile) : isValidEmail(values.email);
      if (!wellFormed) {
        errors.push({ code: field === "mobile" ? "mobile_malformed" : "email_malformed" });
        continue;
      }
      const otherLine = firstLineWith[field].get(values[field]);
      if (otherLine === undefined) firstLineWith[field].set(values[field], line);
      else errors.push({ code: "duplicate_in_file", field, otherLine });
    }
    for (const field of ["name", "employer", "jobTitle"] as const) {
      const max = TRAINEE_FIELD_MAX_LENGTH[field];
      if ([...values[field]].length > max) errors.push({ code: "too_long", field, max });
    }
    result.push({ line, values, errors });
  });
  return result;
}

// A cell such as =HYPERLINK(...) would be shown everywhere as a name and run as a formula in a careless
// export; control characters (a line break typed with Alt+Enter, a tab) and bidirectional overrides hide
// what a name really says. Checked on the cell as typed, before spaces are tidied.
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
const HIDDEN_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

/** True when a name cell is a formula or holds characters no name has. */
export function isUnsafeName(raw: string) {
  const typed = raw.trim();
  return FORMULA_START.test(typed) || HIDDEN_CHARACTERS.test(typed);
}

// --- Normalization: the same person typed two ways must come out the same -----------------------

/** NFKC turns full-width letters, digits and spaces into their ordinary forms. */
export function normalizeText(raw: string) {
  return raw.normalize("NFKC").replace(/\s+/g, " ").trim();
}

/** Spaces between Chinese characters are dropped: "王  芳" is padded to line up with three-character names. */
export function normalizeName(raw: string) {
  return normalizeText(raw).replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, "");
}

/** "+86 139-1234-5678" and "１３９１２３４５６７８" both become "13912345678". */
export function normalizeMobile(raw: string) {
  return raw
    .normalize("NFKC")
    .replace(/[\s\-‐‑‒–—()]/g, "")
    .replace(/^(?:\+86|0086|86)(?=\d{11}$)/, "");
}

export function normalizeEmail(raw: string) {
  return raw
    .normalize("NFKC")
    .trim()
    .replace(/^mailto:/i, "")
    .toLowerCase();
}

export function isValidMobile(mobile: string) {
  return MOBILE_PATTERN.test(mobile);
}

// Dot-separated atoms before the @, a dotted host name after it, a top-level domain of letters.
const EMAIL_PATTERN =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/;

export function isValidEmail(email: string) {
  return email.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(email);
}
