import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CertificateFactsList } from "~/components/certificate-card";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { qrPngDataUrl, renewalProgress, renewCertificate, verifyUrlOf } from "~/modules/certificates/index.server";
import { checkSummary } from "~/modules/verification/index.server";
import { certificateFacts } from "~/utils/certificate-facts.server";
import { requireViewableCertificate } from "~/utils/certificate-route.server";
import { titleMeta } from "~/utils/meta";
import { notifyCertificateChanged } from "~/workflows/notify.server";
import { publicUrl } from "~/utils/env.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "certificates.detailTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, certificate } = await requireViewableCertificate(request, params.certificateId);
  const verifyUrl = verifyUrlOf(certificate.code);
  const own = certificate.userId === user.id;
  const current = certificate.status === "valid" || certificate.status === "expired";
  const [qr, checks, renewal] = await Promise.all([
    qrPngDataUrl(verifyUrl),
    checkSummary(database, certificate.id),
    own && current ? renewalProgress(database, certificate) : Promise.resolve(null),
  ]);
  return {
    id: certificate.id,
    facts: certificateFacts(certificate),
    verifyUrl,
    qr,
    own,
    checks: { ...checks, lastCheckedAt: checks.lastCheckedAt?.toISOString() ?? null },
    renewal,
    supersededBy: certificate.supersededBy,
    // Revoked and superseded certificates' files are refused (410); the page says so instead of linking them.
    downloadable: current,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, certificate } = await requireViewableCertificate(request, params.certificateId);
  const renewed = await renewCertificate(database, user, certificate.id);
  if (!renewed.ok) return data({ message: renewed.message, renewedId: null }, { status: 400 });
  await notifyCertificateChanged(database, publicUrl(), {
    kind: "certificate_renewed",
    certificateId: renewed.certificateId,
    userId: certificate.userId,
    levelSlug: certificate.levelSlug,
  });
  return { message: "certificates.renewed", renewedId: renewed.certificateId };
}

export default function CertificatePage() {
  const { t } = useTranslation();
  const { id, facts, verifyUrl, qr, own, checks, renewal, supersededBy, downloadable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { language, pick } = useLocale();
  const total = checks.page + checks.api + checks.bulk;
  return (
    <div className="space-y-6">
      <PageHeader title={`${pick(facts.levelNameZh, facts.levelNameEn)} · ${t("certificates.detailTitle")}`}>
        <Link to="/certificates" className="link text-sm">
          {t("certificates.title")}
        </Link>
      </PageHeader>
      <section className="card grid gap-6 md:grid-cols-[1fr_auto]" aria-label={t("certificates.detailTitle")}>
        <CertificateFactsList c={facts} />
        <figure className="flex flex-col items-center gap-2">
          <img src={qr} alt={t("certificates.qrAlt")} width={180} height={180} />
          <figcaption className="max-w-56 break-all text-center text-xs text-slate-600">
            {t("certificates.verifyUrl")}:{" "}
            <a className="link" href={verifyUrl}>
              {verifyUrl}
            </a>
          </figcaption>
        </figure>
      </section>
      {supersededBy ? (
        <p className="card text-sm">
          <Link className="link" to={`/certificates/${supersededBy}`}>
            {t("certificates.viewCertificate")}
          </Link>
        </p>
      ) : null}
      <section className="card space-y-3" aria-labelledby="downloads">
        <h2 id="downloads" className="text-lg font-semibold">
          {t("certificates.downloadPdf")}
        </h2>
        <div className="flex flex-wrap gap-3">
          {downloadable ? (
            <a className="btn" href={`/certificates/${id}/pdf`} download>
              {t("certificates.downloadPdf")}
            </a>
          ) : (
            <p className="text-sm font-semibold text-red-700">{t("certificates.downloadsWithdrawn")}</p>
          )}
          {own && downloadable ? (
            <>
              <a className="btn-secondary" href={`/certificates/${id}/credential`} download>
                {t("certificates.downloadCredential")}
              </a>
              <a className="btn-secondary" href={`/certificates/${id}/credential-ld`} download>
                {t("certificates.downloadCredentialLd")}
              </a>
            </>
          ) : null}
          <a className="btn-secondary" href={`/certificates/${id}/record`} download>
            {t("certificates.downloadRecord")}
          </a>
        </div>
        {own && downloadable ? (
          <div className="text-sm text-slate-600">
            <p>{t("certificates.credentialHint")}</p>
            <ul className="list-disc pl-5">
              <li>{t("certificates.credentialJwtHint")}</li>
              <li>{t("certificates.credentialLdHint")}</li>
            </ul>
          </div>
        ) : null}
      </section>
      <section className="card space-y-2" aria-labelledby="checks">
        <h2 id="checks" className="text-lg font-semibold">
          {t("certificates.checks")}
        </h2>
        <p className="text-sm">
          {total
            ? t("certificates.checksSummary", { total, page: checks.page, api: checks.api, bulk: checks.bulk })
            : t("certificates.checksNone")}
        </p>
        {checks.lastCheckedAt ? (
          <p className="text-sm text-slate-600">
            {t("certificates.lastChecked", { time: formatDateTime(checks.lastCheckedAt, language) })}
          </p>
        ) : null}
      </section>
      {renewal ? (
        <section className="card space-y-3" aria-labelledby="renewal">
          <h2 id="renewal" className="text-lg font-semibold">
            {t("certificates.renewal")}
          </h2>
          {actionData ? (
            <FormMessage tone={actionData.renewedId ? "success" : "error"}>{t(actionData.message)}</FormMessage>
          ) : null}
          <p className="text-sm">
            {t("certificates.renewalProgress", { hours: renewal.hours, required: renewal.required })}
          </p>
          <p className="text-sm text-slate-600">{t("certificates.renewalHint")}</p>
          {renewal.met ? (
            <Form method="post">
              <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
                {t("certificates.renew")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
