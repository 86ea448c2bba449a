import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocale } from "~/hooks/use-locale";
import type { LevelStatus } from "~/modules/learning";
import { ProgressBar } from "./progress";

export interface LevelSummary {
  slug: string;
  nameZh: string;
  nameEn: string;
  status: LevelStatus;
}

/** One level of the path: lock or progress (courses, hours), exam and certificate. */
export function LevelCard({ level, levels, step }: { level: LevelSummary; levels: LevelSummary[]; step: number }) {
  const { t } = useTranslation();
  const { en } = useLocale();
  const name = (l: { nameZh: string; nameEn: string }) => (en ? l.nameEn : l.nameZh);
  const s = level.status;
  const prerequisiteNames = s.missingPrerequisites
    .map((slug) => levels.find((l) => l.slug === slug))
    .filter((l): l is LevelSummary => !!l)
    .map(name)
    .join("、");
  return (
    <article className="card flex flex-col gap-3" aria-labelledby={`level-${level.slug}`}>
      <div>
        <p className="text-sm text-slate-600">{t("home.path.step", { n: step })}</p>
        <h3 id={`level-${level.slug}`} className="text-lg font-semibold text-brand-800">
          <Link to={`/learn/${level.slug}`} className="hover:underline">
            {name(level)}
          </Link>
        </h3>
      </div>
      {s.held ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">{t("learn.held")}</p>
      ) : s.locked ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <span className="font-semibold">{t("learn.locked")}</span> {t("learn.lockedBecause", { levels: prerequisiteNames })}
        </p>
      ) : null}
      <ProgressBar
        label={t("learn.coursesDone")}
        done={s.lessonsCompleted}
        total={s.lessonsTotal}
        detail={t("learn.coursesOf", { done: s.coursesCompleted, total: s.requiredCourses.length })}
      />
      <ProgressBar
        label={t("learn.studyHours")}
        done={s.hours}
        total={s.minHours}
        detail={t("learn.hoursOf", { done: s.hours, total: s.minHours })}
      />
      <ul className="space-y-1 text-sm text-slate-700">
        <li>
          {t("learn.examLine", { value: s.hasExam ? t("learn.examPending") : t("learn.examNotConfigured") })}
        </li>
        <li>
          {t("learn.certificateLine", { value: s.held ? t("learn.certificateHeld") : t("learn.certificateNotYet") })}
        </li>
      </ul>
    </article>
  );
}
