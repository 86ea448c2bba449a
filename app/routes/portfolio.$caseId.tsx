import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage, PageHeader } from "~/components/forms";
import { CaseStatusBadge, PortfolioCaseForm, type CaseFormValues } from "~/components/portfolio-case-form";
import { formatDate, formatDateTime, isLanguage } from "~/i18n/config";
import { requirePermission } from "~/modules/auth/index.server";
import type { SessionUser } from "~/modules/auth/index.server";
import { fenToYuanText, formatYuan } from "~/modules/portfolio";
import { parseCaseForm, shanghaiToday, type CaseFormErrors } from "~/modules/portfolio";
import { addEvidence, deleteEvidence, getOwnCase, isEditable, updateCase } from "~/modules/portfolio/index.server";
import { MAX_EVIDENCE_PER_CASE } from "~/modules/portfolio";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";
import { readEvidenceUpload } from "~/utils/evidence-upload.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "portfolio.details");

const uuid = z.string().uuid();

async function caseRoute(request: Request, caseIdParam: string | undefined) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const caseId = uuid.safeParse(caseIdParam);
  if (!caseId.success) throw notFound();
  return { user, database: await db(), caseId: caseId.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, caseId } = await caseRoute(request, params.caseId);
  const { case: found, evidence } = await getOwnCase(database, user.id, caseId);
  return {
    case: { ...found, createdAt: found.createdAt.toISOString(), updatedAt: found.updatedAt.toISOString(), reviewedAt: found.reviewedAt?.toISOString() ?? null },
    evidence: evidence.map((e) => ({ ...e, uploadedAt: e.uploadedAt.toISOString() })),
    editable: isEditable(found.status),
  };
}

type Message = { key: string; values?: Record<string, string | number> };
type ActionResult =
  | { kind: "update"; errors?: CaseFormErrors; values?: CaseFormValues; message?: Message; ok?: boolean }
  | { kind: "evidence"; error?: Message; message?: Message };

async function uploadAction(request: Request, user: SessionUser, caseId: string) {
  // Someone else's case is refused before any of the upload is read into memory.
  await getOwnCase(await db(), user.id, caseId);
  const upload = await readEvidenceUpload(request);
  if (!upload.ok) {
    const { ok: _ok, error, ...values } = upload;
    return data<ActionResult>({ kind: "evidence", error: { key: error, values } }, { status: 400 });
  }
  const added = await addEvidence(await db(), user, caseId, upload.files);
  if (!added.ok) {
    const { ok: _ok, error, ...values } = added;
    return data<ActionResult>({ kind: "evidence", error: { key: error, values } }, { status: 400 });
  }
  return data<ActionResult>({ kind: "evidence", message: { key: "portfolio.evidence.uploaded", values: { count: added.added } } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, caseId } = await caseRoute(request, params.caseId);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return uploadAction(request, user, caseId);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "delete-evidence") {
    const evidenceId = uuid.safeParse(form.get("evidenceId"));
    if (!evidenceId.success) throw notFound();
    const deleted = await deleteEvidence(database, user, caseId, evidenceId.data);
    if (!deleted.ok) return data<ActionResult>({ kind: "evidence", error: { key: deleted.error } }, { status: 409 });
    return data<ActionResult>({ kind: "evidence", message: { key: "portfolio.evidence.deleted" } });
  }
  if (intent !== "update") throw notFound();
  const values = Object.fromEntries([...form].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const parsed = parseCaseForm(values, shanghaiToday());
  if (!parsed.ok) return data<ActionResult>({ kind: "update", errors: parsed.errors, values }, { status: 400 });
  const updated = await updateCase(database, user, caseId, parsed.input);
  if (!updated.ok) return data<ActionResult>({ kind: "update", message: { key: updated.error } }, { status: 409 });
  return data<ActionResult>({ kind: "update", ok: true, message: { key: updated.resubmitted ? "portfolio.resubmitted" : "portfolio.saved" } });
}

export default function PortfolioCasePage() {
  const { t, i18n } = useTranslation();
  const { case: c, evidence, editable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  const update = actionData?.kind === "update" ? actionData : undefined;
  const evidenceResult = actionData?.kind === "evidence" ? actionData : undefined;
  const defaults: CaseFormValues = update?.values ?? {
    title: c.title,
    contractType: c.contractType,
    registrationNo: c.registrationNo ?? "",
    amount: fenToYuanText(c.amountFen),
    role: c.role,
    startedOn: c.startedOn,
    endedOn: c.endedOn ?? "",
    description: c.description,
  };
  const say = (m: Message) => t(m.key, m.values ?? {});
  return (
    <div className="space-y-6">
      <PageHeader title={c.title}>
        <Link to="/portfolio" className="link text-sm">
          {t("portfolio.backToList")}
        </Link>
      </PageHeader>
      {searchParams.get("created") && !actionData ? <FormMessage tone="success">{t("portfolio.created")}</FormMessage> : null}

      <section className="card space-y-3" aria-labelledby="details-heading">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="details-heading" className="text-lg font-semibold">
            {t("portfolio.details")}
          </h2>
          <CaseStatusBadge status={c.status} />
        </div>
        {c.status === "returned" ? <FormMessage>{t("portfolio.returnedNote")}</FormMessage> : null}
        {c.status === "approved" ? <p className="text-sm text-slate-700">{t("portfolio.frozen")}</p> : null}
        {c.reviewComment ? (
          <p className="whitespace-pre-line rounded bg-slate-50 p-3 text-sm">
            <span className="font-medium">{c.status === "returned" ? t("portfolio.reviewComment") : t("portfolio.previousComment")}：</span>
            {c.reviewComment}
          </p>
        ) : null}
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-600">{t("portfolio.fields.contractType")}</dt>
            <dd>{t(`portfolio.contractTypes.${c.contractType}`)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("portfolio.fields.registrationNo")}</dt>
            <dd>{c.registrationNo ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("portfolio.fields.amount")}</dt>
            <dd className="tabular-nums">{formatYuan(c.amountFen, language)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("portfolio.fields.role")}</dt>
            <dd>{c.role}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("portfolio.review.dates")}</dt>
            <dd className="tabular-nums">
              {formatDate(c.startedOn, language)} – {c.endedOn ? formatDate(c.endedOn, language) : t("portfolio.noEndDate")}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("portfolio.columns.updatedAt")}</dt>
            <dd className="tabular-nums">{formatDateTime(c.updatedAt, language)}</dd>
          </div>
          <div className="sm:col-span-2">
            <dt className="text-slate-600">{t("portfolio.fields.description")}</dt>
            <dd className="whitespace-pre-line">{c.description}</dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="evidence-heading">
        <h2 id="evidence-heading" className="text-lg font-semibold">
          {t("portfolio.evidence.title")}
        </h2>
        {evidenceResult?.error ? <FormMessage>{say(evidenceResult.error)}</FormMessage> : null}
        {evidenceResult?.message ? <FormMessage tone="success">{say(evidenceResult.message)}</FormMessage> : null}
        {evidence.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("portfolio.evidence.none")}</p>
        ) : (
          <ul className="mt-3 divide-y text-sm">
            {evidence.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center gap-3 py-2">
                <a className="link underline" href={`/portfolio/evidence/${e.id}`} download>
                  {e.fileName}
                </a>
                <span className="text-slate-600">{t("portfolio.evidence.size", { size: Math.max(1, Math.round(e.size / 1024)) })}</span>
                {editable ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete-evidence" />
                    <input type="hidden" name="evidenceId" value={e.id} />
                    <button type="submit" className="link" aria-label={t("portfolio.evidence.deleteLabel", { name: e.fileName })}>
                      {t("portfolio.evidence.delete")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {editable && evidence.length < MAX_EVIDENCE_PER_CASE ? (
          <Form method="post" encType="multipart/form-data" className="mt-4 space-y-2" key={evidence.length}>
            <label htmlFor="evidence-files" className="block text-sm font-medium">
              {t("portfolio.evidence.choose")}
            </label>
            <input
              id="evidence-files"
              name="files"
              type="file"
              multiple
              accept="application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp"
              aria-describedby="evidence-hint"
              className="block text-sm"
            />
            <p id="evidence-hint" className="text-sm text-slate-600">
              {t("portfolio.evidence.hint")}
            </p>
            <button type="submit" className="btn-secondary" disabled={navigation.state === "submitting"}>
              {t("portfolio.evidence.upload")}
            </button>
          </Form>
        ) : null}
      </section>

      {editable ? (
        <section className="card max-w-3xl" aria-labelledby="edit-heading">
          <h2 id="edit-heading" className="text-lg font-semibold">
            {t("portfolio.edit")}
          </h2>
          {update?.message ? <FormMessage tone={update.ok ? "success" : "error"}>{say(update.message)}</FormMessage> : null}
          <PortfolioCaseForm key={c.updatedAt} intent="update" defaults={defaults} errors={update?.errors ?? {}} submitLabel={t("portfolio.save")} />
        </section>
      ) : update?.message ? (
        <FormMessage tone={update.ok ? "success" : "error"}>{say(update.message)}</FormMessage>
      ) : null}
    </div>
  );
}
