import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { CaseStatusBadge } from "~/components/portfolio-case-form";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatDateTime } from "~/i18n/config";
import { formatYuan, type CONTRACT_TYPES } from "~/modules/portfolio";

export interface CaseDetailsData {
  status: "submitted" | "approved" | "returned";
  reviewComment: string | null;
  contractType: (typeof CONTRACT_TYPES)[number];
  registrationNo: string | null;
  amountFen: number;
  role: string;
  startedOn: string;
  endedOn: string | null;
  updatedAt: string;
  description: string;
}

/** 案例详情: what the trainee recorded, with the reviewer's comment when there is one. */
export function CaseDetails({ c }: { c: CaseDetailsData }) {
  const { t } = useTranslation();
  const { language } = useLocale();
  const fields: { label: string; value: ReactNode; className?: string; wide?: boolean }[] = [
    { label: t("portfolio.fields.contractType"), value: t(`portfolio.contractTypes.${c.contractType}`) },
    { label: t("portfolio.fields.registrationNo"), value: c.registrationNo ?? "—" },
    { label: t("portfolio.fields.amount"), value: formatYuan(c.amountFen, language), className: "tabular-nums" },
    { label: t("portfolio.fields.role"), value: c.role },
    {
      label: t("portfolio.review.dates"),
      value: (
        <>
          {formatDate(c.startedOn, language)} – {c.endedOn ? formatDate(c.endedOn, language) : t("portfolio.noEndDate")}
        </>
      ),
      className: "tabular-nums",
    },
    {
      label: t("portfolio.columns.updatedAt"),
      value: formatDateTime(c.updatedAt, language),
      className: "tabular-nums",
    },
    { label: t("portfolio.fields.description"), value: c.description, className: "whitespace-pre-line", wide: true },
  ];
  return (
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
          <span className="font-medium">
            {c.status === "returned" ? t("portfolio.reviewComment") : t("portfolio.previousComment")}：
          </span>
          {c.reviewComment}
        </p>
      ) : null}
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        {fields.map((field) => (
          <div key={field.label} className={field.wide ? "sm:col-span-2" : undefined}>
            <dt className="text-slate-600">{field.label}</dt>
            <dd className={field.className}>{field.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
