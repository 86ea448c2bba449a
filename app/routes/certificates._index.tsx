import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CertificateStatusBadge } from "~/components/certificate-card";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDate } from "~/i18n/config";
import { certificatesOf } from "~/modules/certificates/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "certificates.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const rows = await certificatesOf(await db(), user.id);
  return {
    certificates: rows.map((c) => ({
      id: c.id,
      serial: c.serial,
      levelNameZh: c.record.levelNameZh,
      levelNameEn: c.record.levelNameEn,
      issuedOn: c.record.issuedOn,
      expiresOn: c.record.expiresOn,
      status: c.status,
    })),
  };
}

export default function MyCertificates() {
  const { t } = useTranslation();
  const { certificates } = useLoaderData<typeof loader>();
  const { en, language } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={t("certificates.title")} />
      {certificates.length === 0 ? (
        <p className="card text-slate-700">{t("certificates.none")}</p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {certificates.map((c) => (
            <li key={c.id} className="card space-y-2">
              <h2 className="text-lg font-semibold text-brand-800">{en ? c.levelNameEn : c.levelNameZh}</h2>
              <CertificateStatusBadge status={c.status} />
              <p className="text-sm text-slate-700 tabular-nums">
                {c.serial} · {formatDate(c.issuedOn, language)}
                {c.expiresOn ? ` – ${formatDate(c.expiresOn, language)}` : ""}
              </p>
              <Link className="btn" to={`/certificates/${c.id}`}>
                {t("certificates.open")}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
