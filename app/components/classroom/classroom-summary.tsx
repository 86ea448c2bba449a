import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatTime } from "~/i18n/config";
import { minutesToHours } from "~/modules/cohorts";

interface SummaryRow {
  id: string;
  startsAt: string;
  endsAt: string;
  place: string;
  lecturer: string;
  creditMinutes: number;
  cancelled: boolean;
  attended: number;
}

/** The cohort page's view of its classroom sessions, with the way to schedule them and take attendance. */
export function ClassroomSummary({
  base,
  sessions,
  members,
  now,
}: {
  /** The cohort's page, /manage/organizations/:orgId/cohorts/:cohortId. */
  base: string;
  sessions: SummaryRow[];
  members: number;
  now: string;
}) {
  const { t } = useTranslation();
  const { language } = useLocale();
  const live = sessions.filter((s) => !s.cancelled);
  const upcoming = live.filter((s) => s.endsAt >= now).length;
  return (
    <section className="card" aria-labelledby="classroom-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 id="classroom-heading" className="text-lg font-semibold">
          {t("classroom.onCohortPage")}
        </h2>
        <Link to={`${base}/classroom`} className="link text-sm">
          {t("classroom.manage")}
        </Link>
      </div>
      {sessions.length ? (
        <p className="mt-1 text-sm text-slate-600">
          {t("classroom.upcoming", { count: upcoming, total: live.length })}
        </p>
      ) : null}
      <DataTable
        className="mt-3"
        caption={t("classroom.onCohortPage")}
        rows={sessions}
        rowKey={(s) => s.id}
        empty={<p className="mt-3 text-slate-600">{t("classroom.none")}</p>}
        rowClassName={(s) => (s.cancelled ? "text-slate-500" : "")}
        columns={[
          {
            header: t("classroom.time"),
            rowHeader: true,
            className: "whitespace-nowrap",
            cell: (s) =>
              `${formatDate(s.startsAt, language)} ${formatTime(s.startsAt, language)}–${formatTime(s.endsAt, language)}${
                s.cancelled ? ` · ${t("classroom.cancelled")}` : ""
              }`,
          },
          { header: t("classroom.place"), cell: (s) => s.place },
          { header: t("classroom.lecturer"), cell: (s) => s.lecturer },
          { header: t("classroom.hours"), className: "tabular-nums", cell: (s) => minutesToHours(s.creditMinutes) },
          {
            header: t("classroom.attendance"),
            className: "tabular-nums",
            cell: (s) => (
              <Link to={`${base}/classroom/${s.id}`} className="link">
                {s.attended} / {members}
              </Link>
            ),
          },
        ]}
      />
    </section>
  );
}
