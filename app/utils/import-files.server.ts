import { z } from "zod";
import { requestLanguage, translator } from "~/i18n/i18n.server";
import { dryRunImport } from "~/modules/enrolment/index.server";
import { dryRunReport, fileFailureText, IMPORT_TEMPLATE_HEADERS } from "~/modules/enrolment";
import { requirePermission } from "~/modules/orgs/index.server";
import { MAX_TABLE_BYTES } from "~/modules/spreadsheets/index.server";
import { requireCenter } from "./center.server";
import { tableDownload, type TableFormat } from "./table-download.server";

/** The empty import template with its Chinese header row, for the center's staff. */
export async function importTemplateResponse(request: Request, orgId: string | undefined, format: TableFormat) {
  const { user, center } = await requireCenter(request, orgId);
  requirePermission(user, "manage:center", { centerId: center.id });
  const t = await translator(await requestLanguage(request));
  return tableDownload(
    format,
    { ascii: "trainee-import-template", title: t("enrolment.template.fileTitle") },
    [...IMPORT_TEMPLATE_HEADERS],
    [],
  );
}

const reportSchema = z.object({
  format: z.enum(["csv", "xlsx"]),
  only: z.enum(["problems"]).optional(),
  // "No cohort" is an empty choice.
  cohortId: z.union([z.literal("").transform(() => undefined), z.string().uuid()]).optional(),
  fileName: z.string().max(255).default(""),
  fileBase64: z.string().max(Math.ceil(MAX_TABLE_BYTES / 3) * 4 + 4),
});

const text = (message: string, status: number) =>
  new Response(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
  });

/**
 * The dry run of the file the page checked (posted back, as the confirmation does) as a spreadsheet with a
 * problems column. Writes nothing.
 */
export async function importReportResponse(request: Request, orgId: string | undefined) {
  const { user, database, center } = await requireCenter(request, orgId);
  requirePermission(user, "manage:center", { centerId: center.id });
  const t = await translator(await requestLanguage(request));
  const parsed = reportSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return text(t("errors.invalid"), 400);
  const { format, only, cohortId, fileName, fileBase64 } = parsed.data;
  const bytes = new Uint8Array(Buffer.from(fileBase64, "base64"));
  const checked = await dryRunImport(database, user, center, { file: { fileName, bytes }, cohortId: cohortId ?? null });
  if (!checked.ok) return text(fileFailureText(t, checked.failure), 400);
  const report = dryRunReport(t, checked.plan, { withCohort: Boolean(cohortId), onlyProblems: only === "problems" });
  return tableDownload(
    format,
    { ascii: "import-check", title: t("enrolment.preview.download") },
    report.headers,
    report.rows,
  );
}
