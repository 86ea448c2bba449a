import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatTime } from "~/i18n/config";
import { minutesToHours } from "~/modules/cohorts";
import { toChinaLocal } from "~/utils/china-time";
import type { ClassroomSessionDefaults } from "./classroom-session-form";

export interface ClassroomSessionRow {
  id: string;
  startsAt: string;
  endsAt: string;
  place: string;
  lecturer: string;
  creditMinutes: number;
  topic: string | null;
  courseSlug: string | null;
  graceMinutes: number;
  cancelledAt: string | null;
  present: number;
  late: number;
  absent: number;
  excused: number;
}

/** The form's values of a stored session: its day and times read in China. */
export function sessionDefaults(s: ClassroomSessionRow): ClassroomSessionDefaults {
  const start = toChinaLocal(s.startsAt);
  return {
    id: s.id,
    date: start.slice(0, 10),
    startTime: start.slice(11, 16),
    endTime: toChinaLocal(s.endsAt).slice(11, 16),
    place: s.place,
    lecturer: s.lecturer,
    hours: minutesToHours(s.creditMinutes),
    topic: s.topic,
    courseSlug: s.courseSlug,
    graceMinutes: s.graceMinutes,
  };
}

/** A cohort's classroom sessions: when, where, who, hours, topic, attendance so far, and what staff can do. */
export function ClassroomSessionTable({
  base,
  sessions,
  courses,
  canManage,
  renderEdit,
  renderCancel,
}: {
  /** The cohort's page, /manage/organizations/:orgId/cohorts/:cohortId. */
  base: string;
  sessions: ClassroomSessionRow[];
  courses: { slug: string; titleZh: string; titleEn: string }[];
  canManage: boolean;
  renderEdit?: (session: ClassroomSessionDefaults) => ReactNode;
  renderCancel?: (sessionId: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const { language, pick } = useLocale();
  const courseName = (slug: string | null) => {
    const course = courses.find((c) => c.slug === slug);
    return course ? pick(course.titleZh, course.titleEn) : slug;
  };
  return (
    <DataTable
      className="mt-3"
      caption={t("classroom.onCohortPage")}
      rows={sessions}
      rowKey={(s) => s.id}
      empty={<p className="mt-3 text-slate-600">{t("classroom.none")}</p>}
      rowClassName={(s) => (s.cancelledAt ? "text-slate-500" : "")}
      columns={[
        {
          header: t("classroom.time"),
          rowHeader: true,
          className: "whitespace-nowrap",
          cell: (s) => (
            <>
              {formatDate(s.startsAt, language)} {formatTime(s.startsAt, language)}–{formatTime(s.endsAt, language)}
              {s.cancelledAt ? (
                <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs">{t("classroom.cancelled")}</span>
              ) : null}
            </>
          ),
        },
        { header: t("classroom.place"), cell: (s) => s.place },
        { header: t("classroom.lecturer"), cell: (s) => s.lecturer },
        { header: t("classroom.hours"), className: "tabular-nums", cell: (s) => minutesToHours(s.creditMinutes) },
        {
          header: t("classroom.topic"),
          cell: (s) => [s.topic, courseName(s.courseSlug)].filter(Boolean).join(" · "),
        },
        {
          header: t("classroom.attendance"),
          className: "whitespace-nowrap",
          cell: (s) =>
            t("classroom.counts", { present: s.present, late: s.late, absent: s.absent, excused: s.excused }),
        },
        {
          header: t("classroom.actions"),
          cell: (s) => (
            <div className="flex flex-wrap items-center gap-3">
              <Link to={`${base}/classroom/${s.id}`} className="link">
                {t("classroom.sheet")}
              </Link>
              {canManage && !s.cancelledAt ? (
                <>
                  <Link to={`${base}/classroom/${s.id}/display`} className="link">
                    {t("classroom.display")}
                  </Link>
                  {renderEdit ? (
                    <details>
                      <summary className="link cursor-pointer">{t("classroom.edit")}</summary>
                      {renderEdit(sessionDefaults(s))}
                    </details>
                  ) : null}
                  {renderCancel?.(s.id)}
                </>
              ) : null}
            </div>
          ),
        },
      ]}
    />
  );
}
