import type { TFunction } from "i18next";
import { actionText, rowErrorText } from "./messages";
import type { ImportPlan } from "./plan";

/**
 * The import template's header row: the names the reader recognises (docs/enrolment.md) — Chinese, whatever
 * the page's language, since the file is filled in by Chinese staff and read back by the same rules.
 */
export const IMPORT_TEMPLATE_HEADERS = ["姓名", "手机号", "邮箱", "工作单位", "职务"] as const;

/**
 * The dry run as a table to download: every row as read, what an import would do, and a problems column,
 * so staff can fix the file beside it. `onlyProblems` keeps the rows to fix.
 */
export function dryRunReport(t: TFunction, plan: ImportPlan, options: { withCohort: boolean; onlyProblems?: boolean }) {
  const rows = options.onlyProblems ? plan.rows.filter((r) => r.errors.length > 0) : plan.rows;
  return {
    headers: [
      t("enrolment.preview.line"),
      t("enrolment.preview.name"),
      t("enrolment.preview.mobile"),
      t("enrolment.preview.email"),
      t("enrolment.preview.employer"),
      t("enrolment.preview.jobTitle"),
      t("enrolment.preview.outcome"),
      t("enrolment.preview.problems"),
    ],
    rows: rows.map((r) => [
      r.line,
      r.values.name,
      r.values.mobile,
      r.values.email,
      r.values.employer,
      r.values.jobTitle,
      r.action ? actionText(t, r.action, options.withCohort) : "",
      r.errors.map((e) => rowErrorText(t, e)).join("；"),
    ]),
  };
}
