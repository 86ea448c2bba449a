import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CertificateFactsList } from "~/components/certificate-card";
import { ErrorList, FormMessage, PageHeader } from "~/components/forms";
import { requirePermission } from "~/modules/auth/index.server";
import { reissueCertificate, revokeCertificate } from "~/modules/certificates/index.server";
import { certificateFacts } from "~/utils/certificate-facts.server";
import { requireViewableCertificate } from "~/utils/certificate-route.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "certificates.admin.title");

const revokeSchema = z.object({ reason: z.string().trim().min(1, "certificates.errors.reasonRequired").max(500, "certificates.errors.reasonRequired") });

async function adminCertificate(request: Request, id: string | undefined) {
  const scope = await requireViewableCertificate(request, id);
  requirePermission(scope.user, "admin:platform");
  return scope;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { certificate } = await adminCertificate(request, params.certificateId);
  return { id: certificate.id, facts: certificateFacts(certificate), current: certificate.status === "valid" || certificate.status === "expired", supersededBy: certificate.supersededBy };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, certificate } = await adminCertificate(request, params.certificateId);
  const form = await request.formData();
  if (form.get("intent") === "reissue") {
    const result = await reissueCertificate(database, user, certificate.id);
    return result.ok ? { message: "certificates.admin.reissued", error: null } : data({ message: null, error: result.error }, { status: 400 });
  }
  const parsed = revokeSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ message: null, error: parsed.error.issues[0]!.message }, { status: 400 });
  const result = await revokeCertificate(database, user, certificate.id, parsed.data.reason);
  return result.ok ? { message: "certificates.admin.revoked", error: null } : data({ message: null, error: result.error }, { status: 400 });
}

export default function CertificateAdminPage() {
  const { t } = useTranslation();
  const { facts, current, supersededBy } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
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
          <Form method="post" className="space-y-3">
            <input type="hidden" name="intent" value="revoke" />
            <div>
              <label htmlFor="revoke-reason" className="block text-sm font-medium">
                {t("certificates.admin.revokeReason")}
              </label>
              <textarea id="revoke-reason" name="reason" rows={2} maxLength={500} className="input mt-1" aria-describedby={actionData?.error ? "revoke-error" : undefined} />
              {actionData?.error ? <ErrorList id="revoke-error" errors={[actionData.error]} /> : null}
            </div>
            <button type="submit" className="btn bg-red-700 hover:bg-red-800" disabled={navigation.state === "submitting"}>
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
