import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { requirePermission } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";
import { scorePercent } from "~/workflows/next-step";
import { traineeJourney } from "~/workflows/trainee-journey.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "exams.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  // The trainee's facts across learning, exams and certificates: held levels unlock the levels above, and a
  // passed exam shows its certificate.
  const { exams, facts } = await traineeJourney(await db(), user.id);
  const names = facts.map(({ slug, nameZh, nameEn }) => ({ slug, nameZh, nameEn }));
  return { exams, names, certificates: Object.fromEntries(facts.map((f) => [f.slug, f.certificate?.id ?? null])) };
}

const passedOf = <A extends { passed: boolean | null }>(exam: { attempts: A[] }) =>
  exam.attempts.find((a) => a.passed === true) ?? null;

export default function ExamsPage() {
  const { t } = useTranslation();
  const { exams, names, certificates } = useLoaderData<typeof loader>();
  const { en, language } = useLocale();
  const levelName = (slug: string) => {
    const l = names.find((n) => n.slug === slug);
    return l ? (en ? l.nameEn : l.nameZh) : slug;
  };
  return (
    <div className="space-y-6">
      <PageHeader title={t("exams.title")} />
      <ul className="grid gap-4 md:grid-cols-3">
        {exams.map((exam) => (
          <li key={exam.levelSlug} className="card flex flex-col gap-3">
            <h2 className="text-lg font-semibold text-brand-800">{en ? exam.exam.title.en : exam.exam.title.zh}</h2>
            <ul className="space-y-1 text-sm text-slate-700">
              <li>{t("exams.duration", { minutes: exam.exam.durationMinutes })}</li>
              <li>{t("exams.questions", { count: exam.exam.sections.reduce((n, s) => n + s.draw, 0) })}</li>
              <li>{t("exams.passMark", { percent: exam.exam.passPercent })}</li>
              <li>{t("exams.attempts", { used: exam.attemptsUsed, limit: exam.attemptLimit })}</li>
            </ul>
            {exam.sessions.length ? (
              <div>
                <h3 className="text-sm font-semibold">{t("exams.sessions")}</h3>
                <ul className="mt-1 space-y-1 text-sm">
                  {exam.sessions.map((x) => (
                    <li key={x.id}>
                      <span className="font-medium">{x.name}</span> · {formatDateTime(x.opensAt, language)} –{" "}
                      {formatDateTime(x.closesAt, language)}
                      {x.location ? ` · ${x.location}` : ""}
                      {x.open ? (
                        <span className="ml-1 rounded bg-green-100 px-1 text-green-900">{t("exams.sessionOpen")}</span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {passedOf(exam) ? (
              <div
                className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900"
                data-testid={`passed-${exam.levelSlug}`}
              >
                <p className="font-semibold">{t("journey.exams.passedTitle")}</p>
                <p>
                  {t("journey.exams.passedLine", {
                    score: (passedOf(exam)!.scoreTenths ?? 0) / 10,
                    max: passedOf(exam)!.maxTenths / 10,
                    percent: scorePercent(passedOf(exam)!),
                    date: formatDateTime(passedOf(exam)!.closedAt ?? passedOf(exam)!.startedAt, language),
                  })}
                </p>
                {certificates[exam.levelSlug] ? (
                  <Link className="link" to={`/certificates/${certificates[exam.levelSlug]}`}>
                    {t("journey.exams.certificate")}
                  </Link>
                ) : null}
              </div>
            ) : exam.openAttemptId ? (
              <Link className="btn" to={`/exams/attempts/${exam.openAttemptId}`}>
                {t("exams.resume")}
              </Link>
            ) : exam.reasons.length ? (
              <ul
                className="space-y-1 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900"
                data-testid={`reasons-${exam.levelSlug}`}
              >
                {exam.reasons.map((r) => (
                  <li key={r}>
                    {r === "level_locked"
                      ? t("journey.exams.lockedBy", {
                          levels: exam.rules.missingPrerequisites.map(levelName).join(en ? ", " : "、"),
                        })
                      : r === "study_incomplete"
                        ? [
                            exam.rules.courses.done < exam.rules.courses.required
                              ? t("journey.exams.coursesShort", exam.rules.courses)
                              : "",
                            exam.rules.hours.done < exam.rules.hours.required
                              ? t("journey.exams.hoursShort", exam.rules.hours)
                              : "",
                          ]
                            .filter(Boolean)
                            .join(" ") || t("exams.reasons.study_incomplete")
                        : t(`exams.reasons.${r}`, {
                            time: exam.waitUntil ? formatDateTime(exam.waitUntil, language) : "",
                          })}
                  </li>
                ))}
              </ul>
            ) : (
              <Link className="btn w-full" to={`/exams/briefing/${exam.levelSlug}`}>
                {t("journey.exams.briefing")}
              </Link>
            )}
            {exam.attempts.length ? (
              <div>
                <h3 className="text-sm font-semibold">{t("exams.history")}</h3>
                <ul className="mt-1 space-y-1 text-sm">
                  {exam.attempts.map((a) => (
                    <li key={a.id}>
                      <Link className="link underline" to={`/exams/attempts/${a.id}`}>
                        {formatDateTime(a.startedAt, language)}
                      </Link>{" "}
                      ·{" "}
                      {a.status === "open"
                        ? t("exams.inProgress")
                        : a.pendingEssays > 0
                          ? `${t("exams.awaitingGrading")} ${t("journey.exams.pendingLine", {
                              score: (a.scoreTenths ?? 0) / 10,
                              max: a.maxTenths / 10,
                              percent: scorePercent(a),
                              pass: exam.exam.passPercent,
                              points: a.pendingTenths / 10,
                            })}`
                          : t(a.passed ? "exams.passed" : "exams.failed", {
                              score: (a.scoreTenths ?? 0) / 10,
                              max: a.maxTenths / 10,
                            })}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
