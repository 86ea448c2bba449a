import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { translator } from "~/i18n/i18n.server";
import { bulkResultTable } from "~/modules/verification/index.server";
import { openBulkResults } from "~/modules/verification/index.server";
import { employerOrganization } from "~/modules/verification/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";
import { tableDownload } from "~/utils/table-download.server";

/** The bulk check's results as CSV or XLSX, from the sealed results the page handed out. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const organization = await employerOrganization(await db(), user, params.orgId);
  const form = await request.formData();
  const format = z.enum(["csv", "xlsx"]).safeParse(form.get("format"));
  if (!format.success) throw notFound();
  const results = openBulkResults(String(form.get("results") ?? ""), organization.id);
  if (!results) throw redirect(`/manage/organizations/${organization.id}/verify-bulk?expired=1`);
  const t = await translator(user.locale);
  const table = bulkResultTable(results, t, user.locale);
  return tableDownload(format.data, { ascii: "certificate-verification", title: t("verification.bulk.fileTitle") }, table.headers, table.rows);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Reached by typing the address: the results live only in the page's form.
  const organization = await employerOrganization(await db(), await requireUser(request), params.orgId);
  throw redirect(`/manage/organizations/${organization.id}/verify-bulk`);
}
