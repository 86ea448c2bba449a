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
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ImportDone, ImportPreview } from "~/components/enrolment-import";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { requirePermission } from "~/modules/orgs/index.server";
import { openCohortsOfCenter } from "~/modules/cohorts/index.server";
import { commitImport, dryRunImport, type FileFailure, type ImportSummary } from "~/modules/enrolment/index.server";
import { fileFailureText, type ImportPlan } from "~/modules/enrolment";
import { MAX_TABLE_BYTES } from "~/modules/spreadsheets/index.server";
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
  // "No cohort" is an empty choice, which arrives as no value.
  cohortId: z
    .string()
    .uuid()
    .optional()
    .transform((id) => id ?? null),
  fileName: z.string().max(255).optional(),
  fileBase64: z.string().max(MAX_PART_BYTES).optional(),
  // The confirmation's box: staff confirm the trainees were informed of the privacy notice and agreed.
  consent: z.literal("on").optional(),
});

async function importRoute(request: Request, orgId: string | undefined) {
  const scope = await requireCenter(request, orgId);
  requirePermission(scope.user, "manage:center", { centerId: scope.center.id });
  return scope;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await importRoute(request, params.orgId);
  const cohorts = await openCohortsOfCenter(database, user, center.id);
  // A cohort's page may link here with ?cohort=<id> to preselect it.
  const wanted = new URL(request.url).searchParams.get("cohort");
  return { center, cohorts, preselected: cohorts.some((c) => c.id === wanted) ? wanted : null };
}

type ActionResult =
  | { stage: "failed"; failure: FileFailure | { code: "missingFile" }; fileName?: string; cohortId?: string | null }
  | {
      stage: "preview";
      fileName: string;
      fileBase64: string;
      cohortId: string | null;
      plan: ImportPlan;
      notInformed?: boolean;
    }
  | { stage: "done"; cohortId: string | null; summary: ImportSummary };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center } = await importRoute(request, params.orgId);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_PART_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return data<ActionResult>({ stage: "failed", failure: { code: "too_large" } }, { status: 400 });
    throw invalid();
  }
  // The page's own hidden fields and select: anything else is not a request this page makes. The file
  // itself is checked below, with the messages the page shows for it.
  const fields = parseWithZod(form, { schema: fieldsSchema });
  if (fields.status !== "success") throw notFound();
  const { intent, cohortId } = fields.value;

  if (intent === "check") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      const failure = file instanceof File && file.name ? { code: "empty" as const } : { code: "missingFile" as const };
      return data<ActionResult>(
        { stage: "failed", failure, fileName: file instanceof File ? file.name : undefined, cohortId },
        { status: 400 },
      );
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const checked = await dryRunImport(database, user, center, { file: { fileName: file.name, bytes }, cohortId });
    if (!checked.ok)
      return data<ActionResult>(
        { stage: "failed", failure: checked.failure, fileName: file.name, cohortId },
        { status: 400 },
      );
    const fileBase64 = Buffer.from(bytes).toString("base64");
    return data<ActionResult>({ stage: "preview", fileName: file.name, fileBase64, cohortId, plan: checked.plan });
  }

  // The file comes back exactly as it was checked; it is read and checked again before anything is written.
  const fileName = fields.value.fileName ?? "";
  const fileBase64 = fields.value.fileBase64 ?? "";
  const bytes = new Uint8Array(Buffer.from(fileBase64, "base64"));
  if (!fields.value.consent) {
    // Without the box nothing is written: the same preview again, asking for it.
    const checked = await dryRunImport(database, user, center, { file: { fileName, bytes }, cohortId });
    if (!checked.ok)
      return data<ActionResult>({ stage: "failed", failure: checked.failure, fileName, cohortId }, { status: 400 });
    return data<ActionResult>(
      { stage: "preview", fileName, fileBase64, cohortId, plan: checked.plan, notInformed: true },
      { status: 400 },
    );
  }
  const committed = await commitImport(database, user, center, {
    file: { fileName, bytes },
    cohortId,
    appUrl: appUrl(request),
  });
  if (committed.ok)
    return data<ActionResult>({ stage: "done", cohortId: committed.cohortId, summary: committed.summary });
  if ("plan" in committed)
    return data<ActionResult>(
      { stage: "preview", fileName, fileBase64, cohortId, plan: committed.plan },
      { status: 409 },
    );
  return data<ActionResult>({ stage: "failed", failure: committed.failure, fileName, cohortId }, { status: 400 });
}

export default function ImportPage() {
  const { t } = useTranslation();
  const { center, cohorts, preselected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const { en } = useLocale();
  const chosenCohort = result?.cohortId ?? preselected;
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
            <h2 id="template-heading" className="pt-2 font-semibold">
              {t("enrolment.template.title")}
            </h2>
            <p className="text-slate-700">{t("enrolment.template.hint")}</p>
            <div className="flex flex-wrap gap-2" role="group" aria-labelledby="template-heading">
              <a className="btn-secondary" href={`/manage/organizations/${center.id}/import/template.csv`} download>
                {t("enrolment.template.csv")}
              </a>
              <a className="btn-secondary" href={`/manage/organizations/${center.id}/import/template.xlsx`} download>
                {t("enrolment.template.xlsx")}
              </a>
            </div>
          </section>

          <section className="card max-w-2xl" aria-label={t("enrolment.check")}>
            <Form
              method="post"
              encType="multipart/form-data"
              className="space-y-4"
              key={result?.stage === "preview" ? result.fileName : "upload"}
            >
              <input type="hidden" name="intent" value="check" />
              <div>
                <label htmlFor="import-cohort" className="block text-sm font-medium">
                  {t("enrolment.cohort")}
                </label>
                <select
                  id="import-cohort"
                  name="cohortId"
                  className="input mt-1"
                  defaultValue={chosenCohort ?? ""}
                  aria-describedby="import-cohort-hint"
                >
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

          {result?.stage === "preview" ? (
            <ImportPreview orgId={center.id} result={result} busy={busy === "commit"} />
          ) : null}
        </>
      )}
    </div>
  );
}
