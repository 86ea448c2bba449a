import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { translator } from "~/i18n/i18n.server";
import { bulkResultTable, employerOrganization, openBulkResults } from "~/modules/verification/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";
import { tableDownload } from "~/utils/table-download.server";

// Both fields come from the page's hidden inputs and buttons: anything else is not a request the page makes.
const downloadSchema = z.object({ format: z.enum(["csv", "xlsx"]), results: z.string().optional() });

/** The bulk check's results as CSV or XLSX, from the sealed results the page handed out. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const organization = await employerOrganization(await db(), user, params.orgId);
  const submission = parseWithZod(await request.formData(), { schema: downloadSchema });
  if (submission.status !== "success") throw notFound();
  const results = openBulkResults(submission.value.results ?? "", organization.id);
  if (!results) throw redirect(`/manage/organizations/${organization.id}/verify-bulk?expired=1`);
  const t = await translator(user.locale);
  const table = bulkResultTable(results, t, user.locale);
  return tableDownload(
    submission.value.format,
    { ascii: "certificate-verification", title: t("verification.bulk.fileTitle") },
    table.headers,
    table.rows,
  );
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Reached by typing the address: the results live only in the page's form.
  const organization = await employerOrganization(await db(), await requireUser(request), params.orgId);
  throw redirect(`/manage/organizations/${organization.id}/verify-bulk`);
}
