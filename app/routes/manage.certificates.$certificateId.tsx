import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { CertificateFactsList } from "~/components/certificate-card";
import { ErrorList, FormMessage, PageHeader } from "~/components/forms";
import { requirePermission } from "~/modules/orgs/index.server";
import { reissueCertificate, revokeCertificate } from "~/modules/certificates/index.server";
import { certificateFacts } from "~/utils/certificate-facts.server";
import { notFound } from "~/utils/errors.server";
import { replyWithFailure } from "~/utils/form-reply";
import { requireViewableCertificate } from "~/utils/certificate-route.server";
import { titleMeta } from "~/utils/meta";
import { notifyCertificateChanged } from "~/workflows/notify.server";
import { publicUrl } from "~/utils/env.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "certificates.admin.title");

// Anything but these two intents is not a request this page makes.
const certificateAdminSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("reissue") }),
  z.object({
    intent: z.literal("revoke"),
    reason: z
      .string({ required_error: "certificates.errors.reasonRequired" })
      .trim()
      .min(1, "certificates.errors.reasonRequired")
      .max(500, "certificates.errors.reasonRequired"),
  }),
]);

async function adminCertificate(request: Request, id: string | undefined) {
  const scope = await requireViewableCertificate(request, id);
  requirePermission(scope.user, "admin:platform");
  return scope;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { certificate } = await adminCertificate(request, params.certificateId);
  return {
    id: certificate.id,
    facts: certificateFacts(certificate),
    current: certificate.status === "valid" || certificate.status === "expired",
    supersededBy: certificate.supersededBy,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, certificate } = await adminCertificate(request, params.certificateId);
  const submission = parseWithZod(await request.formData(), { schema: certificateAdminSchema });
  if (submission.status !== "success") {
    if (submission.payload.intent !== "revoke") throw notFound();
    return data({ message: null, result: submission.reply() }, { status: 400 });
  }
  const value = submission.value;
  const outcome =
    value.intent === "reissue"
      ? await reissueCertificate(database, user, certificate.id)
      : await revokeCertificate(database, user, certificate.id, value.reason);
  if (!outcome.ok) return data({ message: null, result: replyWithFailure(submission, outcome) }, { status: 400 });
  if (value.intent === "revoke")
    await notifyCertificateChanged(database, publicUrl(), {
      kind: "certificate_revoked",
      certificateId: certificate.id,
      userId: certificate.userId,
      levelSlug: certificate.levelSlug,
    });
  return {
    message: value.intent === "reissue" ? "certificates.admin.reissued" : "certificates.admin.revoked",
    result: null,
  };
}

export default function CertificateAdminPage() {
  const { t } = useTranslation();
  const { facts, current, supersededBy } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof certificateAdminSchema>>({
    id: "revoke-form",
    lastResult: actionData?.result,
  });
  // A refusal of either action (revoke or reissue) is shown here, under the reason, as before.
  const errors = actionData?.result ? (fields.reason.errors ?? form.errors) : undefined;
  return (
    <div className="space-y-6">
      <PageHeader title={`${facts.serial} · ${t("certificates.admin.title")}`}>
        <Link to="/manage/certificates" className="link text-sm">
          {t("certificates.admin.title")}
        </Link>
      </PageHeader>
      {actionData?.message ? <FormMessage tone="success">{t(actionData.message)}</FormMessage> : null}
      <section className="card">
        <CertificateFactsList c={facts} />
        {supersededBy ? (
          <p className="mt-3 text-sm">
            <Link className="link" to={`/manage/certificates/${supersededBy}`}>
              → {t("certificates.viewCertificate")}
            </Link>
          </p>
        ) : null}
      </section>
      {facts.status !== "revoked" ? (
        <section className="card max-w-xl space-y-3" aria-labelledby="revoke">
          <h2 id="revoke" className="text-lg font-semibold">
            {t("certificates.admin.revoke")}
          </h2>
          <p className="text-sm text-slate-600">{t("certificates.admin.revokeHint")}</p>
          <Form method="post" {...getFormProps(form)} className="space-y-3">
            <input type="hidden" name="intent" value="revoke" />
            <div>
              <label htmlFor={fields.reason.id} className="block text-sm font-medium">
                {t("certificates.admin.revokeReason")}
              </label>
              <textarea
                id={fields.reason.id}
                name={fields.reason.name}
                key={fields.reason.key}
                defaultValue={fields.reason.initialValue}
                rows={2}
                maxLength={500}
                className="input mt-1"
                aria-invalid={errors ? true : undefined}
                aria-describedby={errors ? fields.reason.errorId : undefined}
              />
              <ErrorList id={fields.reason.errorId} errors={errors} />
            </div>
            <button
              type="submit"
              className="btn bg-red-700 hover:bg-red-800"
              disabled={navigation.state === "submitting"}
            >
              {t("certificates.admin.revoke")}
            </button>
          </Form>
        </section>
      ) : null}
      {current ? (
        <section className="card max-w-xl space-y-3" aria-labelledby="reissue">
          <h2 id="reissue" className="text-lg font-semibold">
            {t("certificates.admin.reissue")}
          </h2>
          <p className="text-sm text-slate-600">{t("certificates.admin.reissueHint")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="reissue" />
            <button type="submit" className="btn-secondary" disabled={navigation.state === "submitting"}>
              {t("certificates.admin.reissue")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
