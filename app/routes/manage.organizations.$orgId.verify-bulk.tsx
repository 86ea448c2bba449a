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
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage, PageHeader } from "~/components/forms";
import { formatDate, isLanguage } from "~/i18n/config";
import { MAX_TABLE_BYTES, readTable } from "~/modules/spreadsheets/index.server";
import { bulkCounts, bulkRowsFrom, verifyBulk, type BulkFileError, type BulkResult } from "~/modules/verification/index.server";
import { sealBulkResults } from "~/modules/verification/index.server";
import { employerOrganization } from "~/modules/verification/index.server";
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

/** The uploaded file's bytes, read in memory and never stored; a part over the size limit stops the reading. */
async function uploadedFile(request: Request): Promise<{ ok: true; bytes: Uint8Array; name: string } | { ok: false; error: "too_large" | "no_file" }> {
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_TABLE_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: "too_large" };
    return { ok: false, error: "no_file" };
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return { ok: false, error: "no_file" };
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
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  const en = language === "en";
  const columns = ["line", "query", "outcome", "status", "level", "center", "issuedOn", "expiresOn", "holder", "name"] as const;
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b text-slate-600">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className="whitespace-nowrap py-2 pr-4">
                {t(`verification.bulk.columns.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {results.map((r) => {
            const c = r.certificate;
            return (
              <tr key={r.line} className="border-b last:border-0">
                <td className="py-2 pr-4 tabular-nums">{r.line}</td>
                <td className="py-2 pr-4 font-mono">{r.query}</td>
                <td className="py-2 pr-4">{t(`verification.bulk.outcome.${r.outcome}`)}</td>
                <td className={`py-2 pr-4 font-semibold ${c?.status === "valid" ? "text-green-800" : c ? "text-red-800" : ""}`}>
                  {c ? t(`verification.status.${c.status}`) : "—"}
                </td>
                <td className="py-2 pr-4">{c ? (en ? c.levelNameEn : c.levelNameZh) : "—"}</td>
                <td className="py-2 pr-4">{c ? (en ? c.centerNameEn : c.centerNameZh) : "—"}</td>
                <td className="py-2 pr-4 tabular-nums">{c ? formatDate(c.issuedOn, language) : "—"}</td>
                <td className="py-2 pr-4 tabular-nums">{c ? (c.expiresOn ? formatDate(c.expiresOn, language) : t("verification.noExpiry")) : "—"}</td>
                <td className="py-2 pr-4">{c?.holderNameMasked ?? "—"}</td>
                <td className={`py-2 pr-4 ${r.name === "mismatch" ? "font-semibold text-red-800" : r.name === "confirmed" ? "text-green-800" : "text-slate-600"}`}>
                  {t(`verification.bulk.name.${r.name}`)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export default function BulkVerificationPage() {
  const { t, i18n } = useTranslation();
  const { organization } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const en = i18n.language === "en";
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
          <Form method="post" action={`/manage/organizations/${organization.id}/verify-bulk/download`} reloadDocument className="mt-3 flex flex-wrap gap-2">
            <input type="hidden" name="results" value={actionData.sealed} />
            <button type="submit" name="format" value="xlsx" className="btn-secondary">
              {t("verification.bulk.downloadXlsx")}
            </button>
            <button type="submit" name="format" value="csv" className="btn-secondary">
              {t("verification.bulk.downloadCsv")}
            </button>
          </Form>
          {actionData.total > actionData.results.length ? (
            <p className="mt-2 text-sm text-slate-600">{t("verification.bulk.shownFirst", { count: actionData.results.length })}</p>
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
