import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatDateTime } from "~/i18n/config";
import { cohortStatus } from "~/modules/cohorts";

interface CohortFacts {
  levelSlug: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
  closedAt: Date | string | null;
}

/** The cohort at a glance; staff who manage the center may close an open cohort here. */
export function CohortOverview({
  cohort,
  level,
  memberCount,
  instructors,
  canClose,
}: {
  cohort: CohortFacts;
  level: { nameZh: string; nameEn: string } | null | undefined;
  memberCount: number;
  instructors: { name: string }[];
  canClose: boolean;
}) {
  const { t } = useTranslation();
  const { language, pick } = useLocale();
  return (
    <section className="card grid gap-2 text-sm sm:grid-cols-2" aria-label={t("cohorts.overview")}>
      <p>
        <span className="text-slate-600">{t("cohorts.level")}：</span>
        {level ? pick(level.nameZh, level.nameEn) : cohort.levelSlug}
      </p>
      <p>
        <span className="text-slate-600">{t("cohorts.dates")}：</span>
        {formatDate(cohort.startsOn, language)} – {formatDate(cohort.endsOn, language)}
      </p>
      <p>
        <span className="text-slate-600">{t("cohorts.members")}：</span>
        {memberCount} / {cohort.capacity}
      </p>
      <p>
        <span className="text-slate-600">{t("cohorts.instructors")}：</span>
        {instructors.length ? instructors.map((i) => i.name).join("、") : "—"}
      </p>
      <p>
        <span className="text-slate-600">{t("cohorts.status")}：</span>
        {t(`cohorts.state.${cohortStatus(cohort)}`)}
        {cohort.closedAt ? ` · ${formatDateTime(cohort.closedAt, language)}` : null}
      </p>
      {canClose ? (
        <Form method="post" className="sm:col-span-2">
          <input type="hidden" name="intent" value="close" />
          <button type="submit" className="btn-secondary">
            {t("cohorts.close")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
