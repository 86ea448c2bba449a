import { useTranslation } from "react-i18next";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatDateTime } from "~/i18n/config";
import type { CertificateStatus } from "~/modules/certificates";

export interface CertificateFacts {
  serial: string;
  groupedCode: string;
  holderName: string;
  levelNameZh: string;
  levelNameEn: string;
  centerNameZh: string;
  centerNameEn: string;
  regionNameZh: string;
  regionNameEn: string;
  issuedOn: string;
  expiresOn: string | null;
  status: CertificateStatus;
  revokedAt: string | null;
  revokedReason: string | null;
  supersededAt: string | null;
  supersedeReason: string | null;
}

const statusTone: Record<CertificateStatus, string> = {
  valid: "bg-green-100 text-green-900",
  expired: "bg-amber-100 text-amber-900",
  revoked: "bg-red-100 text-red-900",
  superseded: "bg-slate-200 text-slate-800",
};

export function CertificateStatusBadge({ status }: { status: CertificateStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`rounded px-2 py-0.5 text-sm font-semibold ${statusTone[status]}`}>
      {t(`certificates.status.${status}`)}
    </span>
  );
}

/** What a certificate says, as a definition list, with its status and why. */
export function CertificateFactsList({ c }: { c: CertificateFacts }) {
  const { t } = useTranslation();
  const { en, language } = useLocale();
  const rows: [string, string][] = [
    [t("certificates.holder"), c.holderName],
    [t("certificates.level"), en ? `${c.levelNameEn} · ${c.levelNameZh}` : `${c.levelNameZh} · ${c.levelNameEn}`],
    [t("certificates.center"), en ? c.centerNameEn : c.centerNameZh],
    [t("certificates.region"), en ? c.regionNameEn : c.regionNameZh],
    [t("certificates.issuedOn"), formatDate(c.issuedOn, language)],
    [t("certificates.expiresOn"), c.expiresOn ? formatDate(c.expiresOn, language) : t("certificates.noExpiry")],
    [t("certificates.serial"), c.serial],
    [t("certificates.code"), c.groupedCode],
  ];
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-2">
        <CertificateStatusBadge status={c.status} />
        {c.status === "revoked" && c.revokedAt ? (
          <span className="text-sm text-red-900">
            {t("certificates.revokedBecause", {
              date: formatDateTime(c.revokedAt, language),
              reason: c.revokedReason ?? "",
            })}
          </span>
        ) : null}
        {c.status === "superseded" && c.supersededAt ? (
          <span className="text-sm text-slate-700">
            {t("certificates.supersededBy", {
              date: formatDate(c.supersededAt, language),
              reason: t(`certificates.supersedeReasons.${c.supersedeReason === "renewed" ? "renewed" : "reissued"}`),
            })}
          </span>
        ) : null}
      </p>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className="font-medium tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
