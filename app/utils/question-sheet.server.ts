import { requestLanguage, translator } from "~/i18n/i18n.server";
import { exportQuestionRows, QUESTION_SHEET_HEADERS, questionTemplateRows } from "~/modules/content/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { requireUser } from "./auth.server";
import { db } from "./db.server";
import { tableDownload, type TableFormat } from "./table-download.server";

/** The question bank's template (two example rows) or the whole bank, in the template's columns. */
export async function questionSheetResponse(request: Request, what: "template" | "export", format: TableFormat) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  const t = await translator(await requestLanguage(request));
  const rows = what === "template" ? questionTemplateRows() : await exportQuestionRows(await db(), user);
  const file =
    what === "template"
      ? { ascii: "question-template", title: t("authoring.import.title") }
      : { ascii: "question-bank", title: t("authoring.bank.title") };
  return tableDownload(format, file, [...QUESTION_SHEET_HEADERS], rows);
}
