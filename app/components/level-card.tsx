import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocale } from "~/hooks/use-locale";
import type { LevelStatus } from "~/modules/learning";
import { formatDate } from "~/i18n/config";
import type { NextStep } from "~/workflows/next-step";
import { ProgressBar } from "./progress";

export interface LevelSummary {
  slug: string;
  nameZh: string;
  nameEn: string;
  status: LevelStatus;
}

/** What the card's exam and certificate lines say, from the level's next step (app/workflows/next-step.ts). */
function stepLines(
  next: NextStep,
  t: (key: string, o?: Record<string, unknown>) => string,
  day: (iso: string) => string,
) {
  const k = next.kind;
  const exam =
    k === "waiting_for_session"
      ? t("journey.card.examWaiting")
      : k === "session_scheduled"
        ? t("journey.card.examScheduled", { time: day(next.session.opensAt) })
        : k === "exam_open"
          ? t("journey.card.examOpen")
          : k === "attempt_in_progress"
            ? t("journey.card.examInProgress")
            : k === "grading_pending"
              ? t("journey.card.examGrading")
              : k === "failed"
                ? t("journey.card.examFailed")
                : k === "passed" || k === "certificate_held" || k === "expiring_soon" || k === "expired"
                  ? t("journey.card.examPassed")
                  : null;
  const certificate =
    k === "certificate_held"
      ? next.certificate.expiresAt
        ? t("journey.card.certificateValid", { date: day(next.certificate.expiresAt) })
        : t("learn.certificateHeld")
      : k === "expiring_soon"
        ? t("journey.card.certificateExpiring", { date: day(next.certificate.expiresAt ?? "") })
        : k === "expired"
          ? t("journey.card.certificateExpired", { date: day(next.certificate.expiresAt ?? "") })
          : k === "passed"
            ? t("journey.card.certificatePending")
            : null;
  return { exam, certificate };
}

/** One level of the path: lock or progress (courses, hours), exam and certificate. The whole card links to the level. */
export function LevelCard({
  level,
  levels,
  step,
  next,
}: {
  level: LevelSummary;
  levels: LevelSummary[];
  step: number;
  next?: NextStep;
}) {
  const { t } = useTranslation();
  const { en, language } = useLocale();
  const lines = next
    ? stepLines(next, t as (key: string, o?: Record<string, unknown>) => string, (iso) => formatDate(iso, language))
    : null;
  const name = (l: { nameZh: string; nameEn: string }) => (en ? l.nameEn : l.nameZh);
  const s = level.status;
  const prerequisiteNames = s.missingPrerequisites
    .map((slug) => levels.find((l) => l.slug === slug))
    .filter((l): l is LevelSummary => !!l)
    .map(name)
    .join("、");
  return (
    <article
      className="card relative flex flex-col gap-3 hover:border-brand-600"
      aria-labelledby={`level-${level.slug}`}
    >
      <div>
        <p className="text-sm text-slate-600">{t("home.path.step", { n: step })}</p>
        <h3 id={`level-${level.slug}`} className="text-lg font-semibold text-brand-800">
          <Link to={`/learn/${level.slug}`} className="after:absolute after:inset-0 after:content-[''] hover:underline">
            {name(level)}
          </Link>
        </h3>
      </div>
      {s.held ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">{t("learn.held")}</p>
      ) : s.locked ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <span className="font-semibold">{t("learn.locked")}</span>{" "}
          {t("learn.lockedBecause", { levels: prerequisiteNames })}
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
        detail={
          s.classroomSeconds > 0
            ? `${t("learn.hoursOf", { done: s.hours, total: s.minHours })} · ${t("classroom.includedHours", {
                hours: Math.floor((s.classroomSeconds / 3600) * 10) / 10,
              })}`
            : t("learn.hoursOf", { done: s.hours, total: s.minHours })
        }
      />
      <ul className="space-y-1 text-sm text-slate-700">
        <li>
          {t("learn.examLine", {
            value: lines?.exam ?? (s.hasExam ? t("learn.examPending") : t("learn.examNotConfigured")),
          })}
        </li>
        <li>
          {t("learn.certificateLine", {
            value: lines?.certificate ?? (s.held ? t("learn.certificateHeld") : t("learn.certificateNotYet")),
          })}
        </li>
      </ul>
    </article>
  );
}
