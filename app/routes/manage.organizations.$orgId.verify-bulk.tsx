import { parseWithZod } from "@conform-to/zod";
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage, PageHeader } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDate } from "~/i18n/config";
import { MAX_TABLE_BYTES, readTable } from "~/modules/spreadsheets/index.server";
import {
  bulkCounts,
  type BulkFileError,
  type BulkResult,
  bulkRowsFrom,
  employerOrganization,
  sealBulkResults,
  verifyBulk,
} from "~/modules/verification/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "verification.bulk.title");

/** Rows shown on the page; all of them are in the download. */
const SHOWN_ROWS = 500;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const organization = await employerOrganization(await db(), user, params.orgId);
  return { organization };
}

type ActionResult =
  | { ok: false; error: BulkFileError | "no_file" }
  | { ok: true; results: BulkResult[]; total: number; counts: ReturnType<typeof bulkCounts>; sealed: string };

// The page shows one message for the file, the failure's code; a file chosen but empty counts as none.
const bulkFileSchema = z.object({
  file: z.instanceof(File, { message: "no_file" }).refine((f) => f.size > 0, "no_file"),
});

/** The uploaded file's bytes, read in memory and never stored; a part over the size limit stops the reading. */
async function uploadedFile(
  request: Request,
): Promise<{ ok: true; bytes: Uint8Array; name: string } | { ok: false; error: "too_large" | "no_file" }> {
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_TABLE_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: "too_large" };
    return { ok: false, error: "no_file" };
  }
  const submission = parseWithZod(form, { schema: bulkFileSchema });
  if (submission.status !== "success") return { ok: false, error: "no_file" };
  const { file } = submission.value;
  return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
}

/** Employer staff upload a table of codes or serials (and names); every row is checked and logged. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const organization = await employerOrganization(database, user, params.orgId);
  const upload = await uploadedFile(request);
  if (!upload.ok) return data<ActionResult>({ ok: false, error: upload.error }, { status: 400 });
  const rows = bulkRowsFrom(await readTable(upload.bytes, upload.name));
  if (!rows.ok) return data<ActionResult>({ ok: false, error: rows.error }, { status: 400 });
  const results = await verifyBulk(database, rows.rows, { organizationId: organization.id });
  return data<ActionResult>({
    ok: true,
    results: results.slice(0, SHOWN_ROWS),
    total: results.length,
    counts: bulkCounts(results),
    sealed: sealBulkResults(organization.id, results),
  });
}

function ResultsTable({ results }: { results: BulkResult[] }) {
  const { t } = useTranslation();
  const { en, language } = useLocale();
  return (
    <DataTable
      rows={results}
      rowKey={(r) => String(r.line)}
      className="mt-3"
      columns={[
        { header: t("verification.bulk.columns.line"), cell: (r) => r.line, className: "tabular-nums" },
        { header: t("verification.bulk.columns.query"), cell: (r) => r.query, className: "font-mono" },
        { header: t("verification.bulk.columns.outcome"), cell: (r) => t(`verification.bulk.outcome.${r.outcome}`) },
        {
          header: t("verification.bulk.columns.status"),
          cell: (r) => (r.certificate ? t(`verification.status.${r.certificate.status}`) : "—"),
          className: (r) =>
            `font-semibold ${r.certificate?.status === "valid" ? "text-green-800" : r.certificate ? "text-red-800" : ""}`,
        },
        {
          header: t("verification.bulk.columns.level"),
          cell: ({ certificate: c }) => (c ? (en ? c.levelNameEn : c.levelNameZh) : "—"),
        },
        {
          header: t("verification.bulk.columns.center"),
          cell: ({ certificate: c }) => (c ? (en ? c.centerNameEn : c.centerNameZh) : "—"),
        },
        {
          header: t("verification.bulk.columns.issuedOn"),
          cell: ({ certificate: c }) => (c ? formatDate(c.issuedOn, language) : "—"),
          className: "tabular-nums",
        },
        {
          header: t("verification.bulk.columns.expiresOn"),
          cell: ({ certificate: c }) =>
            c ? (c.expiresOn ? formatDate(c.expiresOn, language) : t("verification.noExpiry")) : "—",
          className: "tabular-nums",
        },
        // The name as the file gives it beside the masked holder, so a mismatch can be read on screen.
        { header: t("verification.bulk.columns.nameGiven"), cell: (r) => r.nameGiven || "—" },
        { header: t("verification.bulk.columns.holder"), cell: (r) => r.certificate?.holderNameMasked ?? "—" },
        {
          header: t("verification.bulk.columns.name"),
          cell: (r) => t(`verification.bulk.name.${r.name}`),
          className: (r) =>
            r.name === "mismatch"
              ? "font-semibold text-red-800"
              : r.name === "confirmed"
                ? "text-green-800"
                : "text-slate-600",
        },
      ]}
      headerClassName="whitespace-nowrap"
    />
  );
}

export default function BulkVerificationPage() {
  const { t } = useTranslation();
  const { organization } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const { en } = useLocale();
  const error = actionData && !actionData.ok ? actionData.error : searchParams.get("expired") ? "expired" : null;
  return (
    <div className="space-y-6">
      <PageHeader title={t("verification.bulk.title")}>
        <Link to={`/manage/organizations/${organization.id}`} className="link text-sm">
          {en ? organization.nameEn : organization.nameZh}
        </Link>
      </PageHeader>
      <Form method="post" encType="multipart/form-data" className="card space-y-4">
        <p className="text-slate-700">{t("verification.bulk.intro")}</p>
        <div>
          <label htmlFor="bulk-file" className="block text-sm font-medium text-slate-800">
            {t("verification.bulk.file")}
          </label>
          <input
            id="bulk-file"
            name="file"
            type="file"
            required
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="bulk-file-hint"
            className="mt-1 block w-full text-sm"
          />
          <p id="bulk-file-hint" className="mt-1 text-sm text-slate-600">
            {t("verification.bulk.fileHint")}
          </p>
        </div>
        {error ? <FormMessage>{t(`verification.bulk.errors.${error}`)}</FormMessage> : null}
        <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
          {t("verification.bulk.submit")}
        </button>
      </Form>

      {actionData?.ok ? (
        <section className="card" aria-labelledby="results-heading">
          <h2 id="results-heading" className="text-lg font-semibold">
            {t("verification.bulk.resultsTitle")}
          </h2>
          <p className="mt-1" role="status">
            {t("verification.bulk.summary", actionData.counts)}
          </p>
          {/* A native form post, so the browser saves the file; the results come back sealed, not re-read. */}
          <Form
            method="post"
            action={`/manage/organizations/${organization.id}/verify-bulk/download`}
            reloadDocument
            className="mt-3 flex flex-wrap gap-2"
          >
            <input type="hidden" name="results" value={actionData.sealed} />
            <button type="submit" name="format" value="xlsx" className="btn-secondary">
              {t("verification.bulk.downloadXlsx")}
            </button>
            <button type="submit" name="format" value="csv" className="btn-secondary">
              {t("verification.bulk.downloadCsv")}
            </button>
          </Form>
          {actionData.total > actionData.results.length ? (
            <p className="mt-2 text-sm text-slate-600">
              {t("verification.bulk.shownFirst", { count: actionData.results.length })}
            </p>
          ) : null}
          <ResultsTable results={actionData.results} />
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
