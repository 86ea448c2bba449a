import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage, PageHeader } from "~/components/forms";
import { requirePermission } from "~/modules/auth/permissions.server";
import { commitImport, dryRunImport, openCohortsOfCenter, type FileFailure, type ImportSummary } from "~/modules/enrolment/import.server";
import { actionText, fileFailureText, problemText, rowErrorText } from "~/modules/enrolment/messages";
import type { ImportPlan } from "~/modules/enrolment/plan";
import { MAX_TABLE_BYTES } from "~/modules/spreadsheets/read-table.server";
import { requireCenter } from "~/utils/center.server";
import { invalid, notFound } from "~/utils/errors.server";
import { titleMeta } from "~/utils/meta";
import { appUrl } from "~/utils/request.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "enrolment.title");

// The confirmation re-posts the checked file as base64 (4 characters for every 3 bytes); the file
// itself is held to MAX_TABLE_BYTES by readTable, so the same limit applies both ways.
const MAX_PART_BYTES = Math.ceil(MAX_TABLE_BYTES / 3) * 4 + 4;
const fieldsSchema = z.object({
  intent: z.enum(["check", "commit"]),
  cohortId: z.union([z.literal(""), z.string().uuid()]).transform((id) => id || null),
  fileName: z.string().max(255).optional(),
  fileBase64: z.string().max(MAX_PART_BYTES).optional(),
});

async function importRoute(request: Request, orgId: string | undefined) {
  const scope = await requireCenter(request, orgId);
  requirePermission(scope.user, "manage:center", { centerId: scope.center.id });
  return scope;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await importRoute(request, params.orgId);
  return { center, cohorts: await openCohortsOfCenter(database, user, center.id) };
}

type ActionResult =
  | { stage: "failed"; failure: FileFailure | { code: "missingFile" }; fileName?: string }
  | { stage: "preview"; fileName: string; fileBase64: string; cohortId: string | null; plan: ImportPlan }
  | { stage: "done"; cohortId: string | null; summary: ImportSummary };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center } = await importRoute(request, params.orgId);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_PART_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return data<ActionResult>({ stage: "failed", failure: { code: "too_large" } }, { status: 400 });
    throw invalid();
  }
  const fields = fieldsSchema.safeParse({
    intent: form.get("intent"),
    cohortId: form.get("cohortId") ?? "",
    fileName: form.get("fileName") ?? undefined,
    fileBase64: form.get("fileBase64") ?? undefined,
  });
  if (!fields.success) throw notFound();
  const { intent, cohortId } = fields.data;

  if (intent === "check") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      const failure = file instanceof File && file.name ? { code: "empty" as const } : { code: "missingFile" as const };
      return data<ActionResult>({ stage: "failed", failure, fileName: file instanceof File ? file.name : undefined }, { status: 400 });
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const checked = await dryRunImport(database, user, center, { file: { fileName: file.name, bytes }, cohortId });
    if (!checked.ok) return data<ActionResult>({ stage: "failed", failure: checked.failure, fileName: file.name }, { status: 400 });
    const fileBase64 = Buffer.from(bytes).toString("base64");
    return data<ActionResult>({ stage: "preview", fileName: file.name, fileBase64, cohortId, plan: checked.plan });
  }

  // The file comes back exactly as it was checked; it is read and checked again before anything is written.
  const fileName = fields.data.fileName ?? "";
  const fileBase64 = fields.data.fileBase64 ?? "";
  const bytes = new Uint8Array(Buffer.from(fileBase64, "base64"));
  const committed = await commitImport(database, user, center, { file: { fileName, bytes }, cohortId, appUrl: appUrl(request) });
  if (committed.ok) return data<ActionResult>({ stage: "done", cohortId: committed.cohortId, summary: committed.summary });
  if ("plan" in committed) return data<ActionResult>({ stage: "preview", fileName, fileBase64, cohortId, plan: committed.plan }, { status: 409 });
  return data<ActionResult>({ stage: "failed", failure: committed.failure, fileName }, { status: 400 });
}

export default function ImportPage() {
  const { t, i18n } = useTranslation();
  const { center, cohorts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const en = i18n.language === "en";
  const chosenCohort = result && result.stage !== "failed" ? result.cohortId : null;
  return (
    <div className="space-y-6">
      <PageHeader title={`${en ? center.nameEn : center.nameZh} · ${t("enrolment.title")}`}>
        <Link to={`/manage/organizations/${center.id}`} className="link text-sm">
          {t("enrolment.back")}
        </Link>
      </PageHeader>

      {result?.stage === "done" ? (
        <ImportDone orgId={center.id} cohortId={result.cohortId} summary={result.summary} />
      ) : (
        <>
          <section className="card space-y-2 text-sm" aria-labelledby="format-heading">
            <p>{t("enrolment.intro")}</p>
            <h2 id="format-heading" className="font-semibold">
              {t("enrolment.formatTitle")}
            </h2>
            <ul className="list-disc space-y-1 pl-5 text-slate-700">
              <li>{t("enrolment.formatColumns")}</li>
              <li>{t("enrolment.formatHeaders")}</li>
              <li>{t("enrolment.formatEncoding")}</li>
            </ul>
          </section>

          <section className="card max-w-2xl" aria-label={t("enrolment.check")}>
            <Form method="post" encType="multipart/form-data" className="space-y-4" key={result?.stage === "preview" ? result.fileName : "upload"}>
              <input type="hidden" name="intent" value="check" />
              <div>
                <label htmlFor="import-cohort" className="block text-sm font-medium">
                  {t("enrolment.cohort")}
                </label>
                <select id="import-cohort" name="cohortId" className="input mt-1" defaultValue={chosenCohort ?? ""} aria-describedby="import-cohort-hint">
                  <option value="">{t("enrolment.noCohort")}</option>
                  {cohorts.map((c) => (
                    <option key={c.id} value={c.id}>
                      {t("enrolment.cohortOption", { name: c.name, members: c.members, capacity: c.capacity })}
                    </option>
                  ))}
                </select>
                <p id="import-cohort-hint" className="mt-1 text-sm text-slate-600">
                  {t("enrolment.cohortHint")}
                </p>
              </div>
              <div>
                <label htmlFor="import-file" className="block text-sm font-medium">
                  {result?.stage === "preview" ? t("enrolment.chooseAnother") : t("enrolment.file")}
                </label>
                <input
                  id="import-file"
                  name="file"
                  type="file"
                  required
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  className="mt-1 block text-sm"
                  aria-describedby="import-file-hint"
                />
                <p id="import-file-hint" className="mt-1 text-sm text-slate-600">
                  {t("enrolment.fileHint")}
                </p>
              </div>
              {result?.stage === "failed" ? <FormMessage>{fileFailureText(t, result.failure)}</FormMessage> : null}
              <button type="submit" className="btn" disabled={Boolean(busy)}>
                {busy === "check" ? t("enrolment.checking") : t("enrolment.check")}
              </button>
            </Form>
          </section>

          {result?.stage === "preview" ? <ImportPreview result={result} busy={busy === "commit"} /> : null}
        </>
      )}
    </div>
  );
}

function ImportPreview({ result, busy }: { result: Extract<ActionResult, { stage: "preview" }>; busy: boolean }) {
  const { t } = useTranslation();
  const { plan } = result;
  const withCohort = result.cohortId !== null;
  return (
    <section className="card space-y-4" aria-labelledby="preview-heading">
      <h2 id="preview-heading" className="text-lg font-semibold">
        {t("enrolment.preview.title", { fileName: result.fileName })}
      </h2>
      <p className="text-sm">
        {t("enrolment.preview.summary", {
          rows: plan.counts.rows,
          create: plan.counts.create,
          link: plan.counts.link,
          already: plan.counts.joinCohort + plan.counts.nothing,
          errors: plan.counts.rowsWithErrors,
        })}
      </p>
      {plan.counts.create ? (
        <p className="text-sm">{t("enrolment.preview.invitations", { invitations: plan.counts.invitations, withoutEmail: plan.counts.withoutEmail })}</p>
      ) : null}
      {plan.problems.map((problem) => (
        <FormMessage key={problem.code}>{problemText(t, problem)}</FormMessage>
      ))}
      {plan.counts.rowsWithErrors ? <FormMessage>{t("enrolment.preview.hasErrors", { count: plan.counts.rowsWithErrors })}</FormMessage> : null}
      {plan.ok ? (
        <Form method="post" encType="multipart/form-data" className="space-y-2">
          <p className="text-sm text-green-800">{t("enrolment.preview.ready")}</p>
          <input type="hidden" name="intent" value="commit" />
          <input type="hidden" name="cohortId" value={result.cohortId ?? ""} />
          <input type="hidden" name="fileName" value={result.fileName} />
          <input type="hidden" name="fileBase64" value={result.fileBase64} />
          <button type="submit" className="btn" disabled={busy}>
            {busy ? t("enrolment.importing") : t("enrolment.confirm")}
          </button>
        </Form>
      ) : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t("enrolment.preview.tableCaption")}</caption>
          <thead className="border-b text-slate-600">
            <tr>
              {(["line", "name", "mobile", "email", "employer", "jobTitle", "outcome"] as const).map((column) => (
                <th key={column} scope="col" className="py-2 pr-4 whitespace-nowrap">
                  {t(`enrolment.preview.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {plan.rows.map((row) => (
              <tr key={row.line} className={`border-b align-top last:border-0 ${row.errors.length ? "bg-red-50" : ""}`}>
                <th scope="row" className="py-2 pr-4 font-normal tabular-nums">
                  {row.line}
                </th>
                <td className="py-2 pr-4">{row.values.name}</td>
                <td className="py-2 pr-4 tabular-nums">{row.values.mobile}</td>
                <td className="py-2 pr-4">{row.values.email}</td>
                <td className="py-2 pr-4">{row.values.employer}</td>
                <td className="py-2 pr-4">{row.values.jobTitle}</td>
                <td className="py-2 pr-4">
                  {row.action ? (
                    actionText(t, row.action, withCohort)
                  ) : (
                    <ul className="space-y-0.5 text-red-800">
                      {row.errors.map((error, i) => (
                        <li key={i}>{rowErrorText(t, error)}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ImportDone({ orgId, cohortId, summary }: { orgId: string; cohortId: string | null; summary: ImportSummary }) {
  const { t } = useTranslation();
  const changed = summary.created + summary.linked + summary.addedToCohort > 0;
  return (
    <section className="card space-y-3" aria-labelledby="done-heading">
      <h2 id="done-heading" className="text-lg font-semibold">
        {t("enrolment.result.title")}
      </h2>
      <div role="status" className="space-y-1 text-sm">
        {changed ? null : <p>{t("enrolment.result.nothingChanged")}</p>}
        <ul className="list-disc space-y-1 pl-5">
          <li>{t("enrolment.result.created", { count: summary.created })}</li>
          <li>{t("enrolment.result.linked", { count: summary.linked })}</li>
          <li>{t("enrolment.result.alreadyMembers", { count: summary.alreadyMembers })}</li>
          {cohortId ? <li>{t("enrolment.result.addedToCohort", { count: summary.addedToCohort })}</li> : null}
          <li>{t("enrolment.result.invitations", { count: summary.invitations })}</li>
        </ul>
        {summary.withoutEmail ? <p className="text-amber-800">{t("enrolment.result.withoutEmail", { count: summary.withoutEmail })}</p> : null}
      </div>
      <div className="flex flex-wrap gap-3">
        {cohortId ? (
          <Link to={`/manage/organizations/${orgId}/cohorts/${cohortId}`} className="btn">
            {t("enrolment.result.toCohort")}
          </Link>
        ) : null}
        <Link to={`/manage/organizations/${orgId}/import`} className="btn-secondary">
          {t("enrolment.result.again")}
        </Link>
      </div>
    </section>
  );
}
