import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import type { listStaff } from "~/modules/orgs/index.server";

type StaffRow = Awaited<ReturnType<typeof listStaff>>[number];

/** 基地人员 / 单位人员: the people who work for the organization. */
export function StaffSection({ employer, staff }: { employer: boolean; staff: StaffRow[] }) {
  const { t } = useTranslation();
  const { language } = useLocale();
  return (
    <section className="card" aria-labelledby="staff-heading">
      <h2 id="staff-heading" className="text-lg font-semibold">
        {employer ? t("organization.employerStaff") : t("organization.staff")}
      </h2>
      <DataTable
        rows={staff}
        rowKey={(s) => `${s.id}-${s.role}`}
        empty={<p className="mt-2 text-slate-600">{t("organization.noStaff")}</p>}
        className="mt-3"
        columns={[
          { header: t("fields.name"), cell: (s) => s.name },
          { header: t("fields.email"), cell: (s) => s.email ?? "—" },
          { header: t("account.roles"), cell: (s) => t(`roles.${s.role}`) },
          { header: t("organization.since"), cell: (s) => formatDateTime(s.since, language) },
        ]}
      />
    </section>
  );
}
