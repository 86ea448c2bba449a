import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Kpis, rate } from "~/components/dashboard-parts";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatDateTime } from "~/i18n/config";

/** The figures the statistics define (metrics.ts), as the home page gets them. */
interface Figures {
  trained: number;
  certified: number;
  sat: number;
  passed: number;
}

interface Session {
  kind: "exam" | "classroom";
  id: string;
  centerId: string;
  centerNameZh: string;
  centerNameEn: string;
  cohortId: string | null;
  title: string;
  place: string | null;
  startsAt: string | Date;
  endsAt: string | Date;
}

export interface StaffHomeData {
  week: { from: string | Date; to: string | Date };
  centers: {
    id: string;
    nameZh: string;
    nameEn: string;
    figures: Figures;
    grading: number;
    cases: number;
    sessions: Session[];
  }[];
  regions: {
    id: string;
    nameZh: string;
    nameEn: string;
    figures: Figures;
    sessions: Session[];
    cases: { id: string; nameZh: string; nameEn: string; count: number }[];
  }[];
  platform: { figures: Figures; examSessions: number; classroomSessions: number } | null;
}

function FigureTiles({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  // The same names as the dashboards' tiles; their definitions are on the dashboards.
  return (
    <Kpis
      items={[
        { label: t("metrics.trained.label"), value: figures.trained },
        { label: t("metrics.certified.label"), value: figures.certified },
        { label: t("metrics.sat.label"), value: figures.sat },
        { label: t("metrics.passRate.label"), value: rate(figures.passed, figures.sat) },
      ]}
    />
  );
}

function WeekSessions({
  sessions,
  week,
  showCenter,
}: {
  sessions: Session[];
  week: StaffHomeData["week"];
  showCenter: boolean;
}) {
  const { t } = useTranslation();
  const { en, language } = useLocale();
  // The week runs to the next Monday 00:00: its last day is the Sunday before.
  const sunday = new Date(new Date(week.to).getTime() - 1);
  const heading = t("staffHome.week", { from: formatDate(week.from, language), to: formatDate(sunday, language) });
  const href = (s: Session) =>
    s.kind === "exam"
      ? `/manage/organizations/${s.centerId}/exam-sessions`
      : `/manage/organizations/${s.centerId}/cohorts/${s.cohortId}/classroom/${s.id}`;
  return (
    <div>
      <h3 className="text-sm font-semibold">{heading}</h3>
      {sessions.length === 0 ? (
        <p className="mt-1 text-sm text-slate-700">{t("staffHome.noSessions")}</p>
      ) : (
        <ul className="mt-1 space-y-1 text-sm">
          {sessions.map((s) => (
            <li key={`${s.kind}-${s.id}`}>
              <span className="font-medium">{t(s.kind === "exam" ? "staffHome.exam" : "staffHome.classroom")}</span> ·{" "}
              {formatDateTime(s.startsAt, language)} ·{" "}
              <Link to={href(s)} className="link underline">
                {s.title}
              </Link>
              {showCenter ? ` · ${en ? s.centerNameEn : s.centerNameZh}` : ""}
              {s.place ? ` · ${s.place}` : ""}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Key figures and pending work of each place the person looks after, first on their home page. */
export function StaffHome({ data }: { data: StaffHomeData }) {
  const { t } = useTranslation();
  const { en } = useLocale();
  return (
    <div className="mb-6 space-y-4">
      {data.platform ? (
        <section aria-labelledby="home-platform" className="card space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="home-platform" className="text-lg font-semibold">
              {t("staffHome.platform")} · {t("staffHome.figures")}
            </h2>
            <Link to="/manage/statistics" className="link text-sm">
              {t("staffHome.statistics")}
            </Link>
          </div>
          <FigureTiles figures={data.platform.figures} />
          <p className="text-sm text-slate-700">
            {t("staffHome.sessionsCount", {
              exams: data.platform.examSessions,
              classes: data.platform.classroomSessions,
            })}
          </p>
        </section>
      ) : null}
      {data.regions.map((region) => (
        <section key={region.id} aria-labelledby={`home-region-${region.id}`} className="card space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id={`home-region-${region.id}`} className="text-lg font-semibold">
              {en ? region.nameEn : region.nameZh} · {t("staffHome.figures")}
            </h2>
            <Link to={`/manage/regions/${region.id}/dashboard`} className="link text-sm">
              {t("staffHome.dashboard")}
            </Link>
          </div>
          <FigureTiles figures={region.figures} />
          <h3 className="text-sm font-semibold">{t("staffHome.pending")}</h3>
          {region.cases.length === 0 ? (
            <p className="text-sm text-slate-700">{t("staffHome.noCases")}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {region.cases.map((c) => (
                <li key={c.id}>
                  <Link to={`/manage/organizations/${c.id}/portfolio`} className="link underline">
                    {t("staffHome.casesAt", { center: en ? c.nameEn : c.nameZh, count: c.count })}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <WeekSessions sessions={region.sessions} week={data.week} showCenter />
        </section>
      ))}
      {data.centers.map((center) => (
        <section key={center.id} aria-labelledby={`home-center-${center.id}`} className="card space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id={`home-center-${center.id}`} className="text-lg font-semibold">
              {en ? center.nameEn : center.nameZh} · {t("staffHome.figures")}
            </h2>
            <Link to={`/manage/organizations/${center.id}/dashboard`} className="link text-sm">
              {t("staffHome.dashboard")}
            </Link>
          </div>
          <FigureTiles figures={center.figures} />
          <h3 className="text-sm font-semibold">{t("staffHome.pending")}</h3>
          <ul className="flex flex-wrap gap-3 text-sm">
            <li>
              <Link to={`/manage/organizations/${center.id}/grading`} className="btn-secondary">
                {t("staffHome.grading", { count: center.grading })}
              </Link>
            </li>
            <li>
              <Link to={`/manage/organizations/${center.id}/portfolio`} className="btn-secondary">
                {t("staffHome.cases", { count: center.cases })}
              </Link>
            </li>
          </ul>
          <WeekSessions sessions={center.sessions} week={data.week} showCenter={false} />
        </section>
      ))}
    </div>
  );
}
