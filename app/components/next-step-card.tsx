import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatDateTime } from "~/i18n/config";
import type { NextStep } from "~/workflows/next-step";

type Named = { slug: string; nameZh: string; nameEn: string };

const lessonPath = (l: { courseSlug: string; lessonSlug: string }) => `/learn/courses/${l.courseSlug}/${l.lessonSlug}`;

/** The trainee's next step, in words and with the one link that takes it. */
export function NextStepCard({
  step,
  levels,
  headingId,
  heading,
}: {
  step: NextStep;
  levels: Named[];
  headingId: string;
  heading: string;
}) {
  const { t } = useTranslation();
  const { en, language } = useLocale();
  const name = (slug: string) => {
    const l = levels.find((x) => x.slug === slug);
    return l ? (en ? l.nameEn : l.nameZh) : slug;
  };
  const level = name(step.level);
  const when = (iso: string) => formatDateTime(iso, language);
  const day = (iso: string) => formatDate(iso, language);
  const lessonTitle = (l: { titleZh: string; titleEn: string } | null) => (l ? (en ? l.titleEn : l.titleZh) : "");
  let title: string;
  let text: ReactNode;
  let actions: { to: string; label: string; reloadDocument?: boolean }[] = [];
  switch (step.kind) {
    case "new":
      title = t("journey.new.title", { level });
      text = step.lesson ? t("journey.new.text", { lesson: lessonTitle(step.lesson) }) : null;
      actions = [
        { to: step.lesson ? lessonPath(step.lesson) : `/learn/${step.level}`, label: t("journey.new.action") },
      ];
      break;
    case "studying":
      title = t("journey.studying.title", { level });
      text = step.lesson
        ? t("journey.studying.text", {
            done: step.lessonsCompleted,
            total: step.lessonsTotal,
            lesson: lessonTitle(step.lesson),
          })
        : t("journey.studying.textNoLesson", { done: step.lessonsCompleted, total: step.lessonsTotal });
      actions = [
        { to: step.lesson ? lessonPath(step.lesson) : `/learn/${step.level}`, label: t("journey.studying.action") },
      ];
      break;
    case "waiting_for_session":
      title = t("journey.waiting_for_session.title");
      text = t("journey.waiting_for_session.text", { level });
      actions = [{ to: "/exams", label: t("journey.waiting_for_session.action") }];
      break;
    case "session_scheduled":
      title = t("journey.session_scheduled.title", { session: step.session.name });
      text = t("journey.session_scheduled.text", {
        opens: when(step.session.opensAt),
        closes: when(step.session.closesAt),
        place: step.session.location ? t("journey.session_scheduled.place", { location: step.session.location }) : "",
      });
      actions = [{ to: "/exams", label: t("journey.session_scheduled.action") }];
      break;
    case "exam_open":
      title = t("journey.exam_open.title", { level });
      text = t("journey.exam_open.text", { session: step.session.name, closes: when(step.session.closesAt) });
      actions = [{ to: `/exams/briefing/${step.level}`, label: t("journey.exam_open.action") }];
      break;
    case "attempt_in_progress":
      title = t("journey.attempt_in_progress.title");
      text = t("journey.attempt_in_progress.text", { minutes: step.minutesLeft, deadline: when(step.deadlineAt) });
      actions = [{ to: `/exams/attempts/${step.attemptId}`, label: t("journey.attempt_in_progress.action") }];
      break;
    case "grading_pending":
      title = t("journey.grading_pending.title");
      text = t("journey.grading_pending.text", { percent: step.percent, count: step.pendingEssays });
      actions = [{ to: `/exams/attempts/${step.attemptId}`, label: t("journey.grading_pending.action") }];
      break;
    case "failed":
      title = t("journey.failed.title");
      text = (
        <>
          {step.attemptsLeft === 0
            ? t("journey.failed.noAttemptsLeft")
            : step.retakeFrom
              ? t("journey.failed.retakeFrom", { time: when(step.retakeFrom), left: step.attemptsLeft })
              : t("journey.failed.retakeNow", { left: step.attemptsLeft })}{" "}
          {step.session && step.attemptsLeft > 0
            ? t("journey.failed.nextSession", { session: step.session.name, opens: when(step.session.opensAt) })
            : null}
        </>
      );
      actions = [{ to: `/exams/attempts/${step.attemptId}`, label: t("journey.failed.action") }];
      break;
    case "passed":
      title = t("journey.passed.title", { level });
      text = (
        <>
          {step.attemptId ? t("journey.passed.text", { percent: step.percent }) : null}{" "}
          {step.missing.length
            ? t("journey.passed.missing", {
                items: step.missing
                  .map((m) => t(`journey.requirement.${m}` as "journey.requirement.exam"))
                  .join(en ? ", " : "、"),
              })
            : t("journey.passed.issuing")}
        </>
      );
      actions = [{ to: `/learn/${step.level}`, label: t("journey.passed.action") }];
      break;
    case "certificate_held":
      title = t("journey.certificate_held.title", { level });
      text = step.certificate.expiresAt
        ? t("journey.certificate_held.text", { expires: day(step.certificate.expiresAt) })
        : t("journey.certificate_held.textNoExpiry");
      actions = [
        { to: `/certificates/${step.certificate.id}`, label: t("journey.certificate_held.view") },
        {
          to: `/certificates/${step.certificate.id}/pdf`,
          label: t("journey.certificate_held.download"),
          reloadDocument: true,
        },
        { to: `/verify/${step.certificate.code}`, label: t("journey.certificate_held.verify") },
      ];
      break;
    case "expiring_soon":
      title = t("journey.expiring_soon.title", { level });
      text = t("journey.expiring_soon.text", { days: step.daysLeft, expires: day(step.certificate.expiresAt ?? "") });
      actions = [{ to: `/certificates/${step.certificate.id}`, label: t("journey.expiring_soon.action") }];
      break;
    case "expired":
      title = t("journey.expired.title", { level });
      text = t("journey.expired.text", { expires: day(step.certificate.expiresAt ?? "") });
      actions = [{ to: `/certificates/${step.certificate.id}`, label: t("journey.expired.action") }];
      break;
    case "held_by_qualification":
      title = t("journey.held_by_qualification.title", { level });
      text = t("journey.held_by_qualification.text");
      break;
    case "locked":
      title = t("journey.locked.title", { level });
      text = t("journey.locked.text", { levels: step.missing.map(name).join(en ? ", " : "、") });
      break;
    case "next_level_open":
      title = t("journey.next_level_open.title", { level });
      text = t("journey.next_level_open.text", { level, previous: name(step.previous) });
      actions = [
        {
          to: step.lesson ? lessonPath(step.lesson) : `/learn/${step.level}`,
          label: t("journey.next_level_open.action"),
        },
        ...(step.certificate
          ? [{ to: `/certificates/${step.certificate.id}`, label: t("journey.certificate_held.view") }]
          : []),
      ];
      break;
  }
  return (
    <section className="card space-y-2 border-brand-300" aria-labelledby={headingId} data-next-step={step.kind}>
      <p className="text-sm font-medium text-brand-700">{heading}</p>
      <h2 id={headingId} className="text-lg font-semibold">
        {title}
      </h2>
      {text ? <p className="text-sm text-slate-700">{text}</p> : null}
      {actions.length ? (
        <div className="flex flex-wrap gap-2">
          {actions.map((a, i) => (
            <Link key={a.to} to={a.to} reloadDocument={a.reloadDocument} className={i === 0 ? "btn" : "btn-secondary"}>
              {a.label}
            </Link>
          ))}
        </div>
      ) : null}
    </section>
  );
}
