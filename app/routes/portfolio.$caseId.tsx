import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage, PageHeader } from "~/components/forms";
import { PortfolioCaseForm, type CaseFormValues } from "~/components/portfolio-case-form";
import { CaseDetails } from "~/components/portfolio-case/case-details";
import { EvidenceSection } from "~/components/portfolio-case/evidence-section";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { caseFormSchema, fenToYuanText } from "~/modules/portfolio";
import { chinaDate } from "~/utils/china-time";
import { addEvidence, deleteEvidence, getOwnCase, isEditable, updateCase } from "~/modules/portfolio/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { messageOf } from "~/utils/failure";
import { typedValues } from "~/utils/form-reply";
import { notFound } from "~/utils/errors.server";
import { readEvidenceUpload } from "~/utils/evidence-upload.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "portfolio.details");

const uuid = z.string().uuid();
const deleteEvidenceSchema = z.object({ evidenceId: uuid });

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
    case: {
      ...found,
      createdAt: found.createdAt.toISOString(),
      updatedAt: found.updatedAt.toISOString(),
      reviewedAt: found.reviewedAt?.toISOString() ?? null,
    },
    evidence: evidence.map((e) => ({ ...e, uploadedAt: e.uploadedAt.toISOString() })),
    editable: isEditable(found.status),
  };
}

type Message = { key: string; values?: Record<string, string | number> };
type ActionResult =
  | { kind: "update"; result?: SubmissionResult<string[]>; values?: CaseFormValues; message?: Message; ok?: boolean }
  | { kind: "evidence"; error?: Message; message?: Message };

async function uploadAction(request: Request, user: SessionUser, caseId: string) {
  // Someone else's case is refused before any of the upload is read into memory.
  await getOwnCase(await db(), user.id, caseId);
  const upload = await readEvidenceUpload(request);
  if (!upload.ok) {
    return data<ActionResult>({ kind: "evidence", error: messageOf(upload) }, { status: 400 });
  }
  const added = await addEvidence(await db(), user, caseId, upload.files);
  if (!added.ok) {
    return data<ActionResult>({ kind: "evidence", error: messageOf(added) }, { status: 400 });
  }
  return data<ActionResult>({
    kind: "evidence",
    message: { key: "portfolio.evidence.uploaded", values: { count: added.added } },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, caseId } = await caseRoute(request, params.caseId);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data"))
    return uploadAction(request, user, caseId);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "delete-evidence") {
    const submission = parseWithZod(form, { schema: deleteEvidenceSchema });
    if (submission.status !== "success") throw notFound();
    const deleted = await deleteEvidence(database, user, caseId, submission.value.evidenceId);
    if (!deleted.ok) return data<ActionResult>({ kind: "evidence", error: messageOf(deleted) }, { status: 409 });
    return data<ActionResult>({ kind: "evidence", message: { key: "portfolio.evidence.deleted" } });
  }
  if (intent !== "update") throw notFound();
  const submission = parseWithZod(form, { schema: caseFormSchema(chinaDate()) });
  if (submission.status !== "success")
    return data<ActionResult>(
      { kind: "update", result: submission.reply(), values: typedValues(form) },
      { status: 400 },
    );
  const updated = await updateCase(database, user, caseId, submission.value);
  if (!updated.ok) return data<ActionResult>({ kind: "update", message: messageOf(updated) }, { status: 409 });
  return data<ActionResult>({
    kind: "update",
    ok: true,
    message: { key: updated.resubmitted ? "portfolio.resubmitted" : "portfolio.saved" },
  });
}

export default function PortfolioCasePage() {
  const { t } = useTranslation();
  const { case: c, evidence, editable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const [searchParams] = useSearchParams();
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
      {searchParams.get("created") && !actionData ? (
        <FormMessage tone="success">{t("portfolio.created")}</FormMessage>
      ) : null}

      <CaseDetails c={c} />

      <EvidenceSection
        evidence={evidence}
        editable={editable}
        error={evidenceResult?.error ? say(evidenceResult.error) : undefined}
        message={evidenceResult?.message ? say(evidenceResult.message) : undefined}
      />

      {editable ? (
        <section className="card max-w-3xl" aria-labelledby="edit-heading">
          <h2 id="edit-heading" className="text-lg font-semibold">
            {t("portfolio.edit")}
          </h2>
          {update?.message ? (
            <FormMessage tone={update.ok ? "success" : "error"}>{say(update.message)}</FormMessage>
          ) : null}
          <PortfolioCaseForm
            key={c.updatedAt}
            intent="update"
            defaults={defaults}
            lastResult={update?.result}
            submitLabel={t("portfolio.save")}
          />
        </section>
      ) : update?.message ? (
        <FormMessage tone={update.ok ? "success" : "error"}>{say(update.message)}</FormMessage>
      ) : null}
    </div>
  );
}
