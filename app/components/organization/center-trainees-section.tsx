import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { ProgressBar } from "~/components/progress";
import { useLocale } from "~/hooks/use-locale";
import type { centerTrainees } from "~/modules/learning/index.server";

type CenterLearning = Awaited<ReturnType<typeof centerTrainees>>;

/** The center's staff pages, for those who manage the center. */
function CenterLinks({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const links: [string, string][] = [
    [`/manage/organizations/${orgId}/cohorts`, t("cohorts.title")],
    [`/manage/organizations/${orgId}/import`, t("enrolment.title")],
    [`/manage/organizations/${orgId}/password-links`, t("enrolment.passwordless.link")],
    [`/manage/organizations/${orgId}/exam-sessions`, t("sessions.title")],
    [`/manage/organizations/${orgId}/portfolio`, t("portfolio.review.title")],
    [`/manage/organizations/${orgId}/grading`, t("grading.link")],
    [`/manage/exam-stats?center=${orgId}`, t("nav.examStats")],
  ];
  return (
    <div className="flex flex-wrap gap-2">
      {links.map(([to, label]) => (
        <Link key={to} to={to} className="btn-secondary">
          {label}
        </Link>
      ))}
    </div>
  );
}

/** 学员学习情况: the center's latest trainees and their progress in each level. */
export function CenterTraineesSection({
  orgId,
  learning,
  canGrade,
}: {
  orgId: string;
  learning: CenterLearning;
  canGrade: boolean;
}) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  return (
    <section className="card" aria-labelledby="trainees-heading">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="trainees-heading" className="text-lg font-semibold">
          {t("staffLearn.heading")}
        </h2>
        {canGrade ? <CenterLinks orgId={orgId} /> : null}
      </div>
      {learning.total > learning.trainees.length ? (
        <p className="mt-2 text-sm text-slate-600">
          {t("staffLearn.recentOf", { shown: learning.trainees.length, total: learning.total })}{" "}
          <Link className="link underline" to={`/manage/organizations/${orgId}/dashboard`}>
            {t("staffLearn.seeAll")}
          </Link>
        </p>
      ) : null}
      <DataTable
        rows={learning.trainees}
        rowKey={(trainee) => trainee.id}
        empty={<p className="mt-2 text-slate-600">{t("staffLearn.empty")}</p>}
        className="mt-3"
        rowClassName="align-top"
        columns={[
          {
            header: t("staffLearn.trainee"),
            cell: (trainee) => (
              <Link className="link" to={`/manage/organizations/${orgId}/trainees/${trainee.id}`}>
                {trainee.name}
              </Link>
            ),
          },
          { header: t("staffLearn.contact"), cell: (trainee) => trainee.email ?? trainee.phone },
          ...learning.levels.map((level, i) => ({
            header: pick(level.nameZh, level.nameEn),
            className: "min-w-36",
            cell: (trainee: CenterLearning["trainees"][number]) => {
              const status = trainee.levels[i]!;
              return status.held ? (
                <span className="text-green-800">{t("learn.certificateHeld")}</span>
              ) : (
                <ProgressBar
                  label={t("learn.lessonsDone")}
                  done={status.lessonsCompleted}
                  total={status.lessonsTotal}
                  detail={`${status.lessonsCompleted}/${status.lessonsTotal} · ${status.hours} h`}
                />
              );
            },
          })),
        ]}
      />
    </section>
  );
}
