import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable, type Column } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";

interface Member {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  addedAt: Date | string;
}

/** The cohort's members; while the cohort is open, staff who manage it may take one out. */
export function MemberTable({
  centerId,
  members,
  canRemove,
}: {
  centerId: string;
  members: Member[];
  canRemove: boolean;
}) {
  const { t } = useTranslation();
  const { language } = useLocale();
  const remove: Column<Member> = {
    header: <span className="sr-only">{t("cohorts.remove")}</span>,
    cell: (m) => (
      <Form method="post">
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="userId" value={m.id} />
        <button type="submit" className="link" aria-label={`${t("cohorts.remove")} ${m.name}`}>
          {t("cohorts.remove")}
        </button>
      </Form>
    ),
  };
  return (
    <DataTable
      rows={members}
      rowKey={(m) => m.id}
      empty={<p className="mt-2 text-slate-600">{t("cohorts.noMembers")}</p>}
      className="mt-3"
      columns={[
        {
          header: t("fields.name"),
          cell: (m) => (
            <Link className="link" to={`/manage/organizations/${centerId}/trainees/${m.id}`}>
              {m.name}
            </Link>
          ),
        },
        { header: t("staffLearn.contact"), cell: (m) => m.email ?? m.phone },
        { header: t("cohorts.addedAt"), cell: (m) => formatDateTime(m.addedAt, language), className: "tabular-nums" },
        ...(canRemove ? [remove] : []),
      ]}
    />
  );
}
