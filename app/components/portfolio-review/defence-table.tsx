import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDate } from "~/i18n/config";

interface Defence {
  id: string;
  traineeName: string;
  levelSlug: string;
  heldOn: string;
  result: "passed" | "failed";
  panel: string | null;
  comment: string | null;
}

/** 答辩记录: the center's recorded defences. */
export function DefenceTable({ defences, levelName }: { defences: Defence[]; levelName: (slug: string) => string }) {
  const { t } = useTranslation();
  const { language } = useLocale();
  return (
    <DataTable
      rows={defences}
      rowKey={(d) => d.id}
      caption={t("portfolio.defences.list")}
      empty={<p className="mt-2 text-slate-600">{t("portfolio.defences.empty")}</p>}
      className="mt-3"
      rowClassName="align-top"
      columns={[
        { header: t("portfolio.defences.trainee"), cell: (d) => d.traineeName },
        { header: t("portfolio.defences.level"), cell: (d) => levelName(d.levelSlug) },
        {
          header: t("portfolio.defences.heldOn"),
          cell: (d) => formatDate(d.heldOn, language),
          className: "tabular-nums",
        },
        { header: t("portfolio.defences.result"), cell: (d) => t(`portfolio.result.${d.result}`) },
        { header: t("portfolio.panel"), cell: (d) => d.panel ?? "—" },
        { header: t("portfolio.comment"), cell: (d) => d.comment ?? "—", className: "whitespace-pre-line" },
      ]}
    />
  );
}
