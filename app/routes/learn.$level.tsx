import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { LevelCard } from "~/components/level-card";
import { ProgressBar } from "~/components/progress";
import { useLocale } from "~/hooks/use-locale";
import { requirePermission } from "~/modules/orgs/index.server";
import { certificateEligibility, currentCertificateId } from "~/modules/certificates/index.server";
import { catalogOfLevel } from "~/modules/content/index.server";
import { isCourseComplete } from "~/modules/learning";
import { NextStepCard } from "~/components/next-step-card";
import { traineeJourney } from "~/workflows/trainee-journey.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "learn.levelTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const database = await db();
  const { overview, steps } = await traineeJourney(database, user.id);
  const level = overview.levels.find((l) => l.slug === params.level);
  if (!level) throw notFound();
  const [catalog, eligibility, certificateId] = await Promise.all([
    catalogOfLevel(database, level.slug, user.id),
    certificateEligibility(database, user.id, level.slug),
    currentCertificateId(database, user.id, level.slug),
  ]);
  return {
    requirements: eligibility?.requirements ?? [],
    next: steps[level.slug] ?? null,
    certificateId,
    level: { slug: level.slug, nameZh: level.nameZh, nameEn: level.nameEn, status: level.status },
    levels: overview.levels.map(({ slug, nameZh, nameEn, status }) => ({ slug, nameZh, nameEn, status })),
    validityYears: level.config.certificate.validityYears,
    renewalHours: level.config.certificate.renewalHours,
    courses: catalog.map((course) => ({
      ...course,
      required: level.status.requiredCourses.includes(course.slug),
      progress: overview.progress.find((p) => p.slug === course.slug) ?? null,
    })),
  };
}

export default function LevelPage() {
  const { t } = useTranslation();
  const { level, levels, courses, validityYears, renewalHours, requirements, certificateId, next } =
    useLoaderData<typeof loader>();
  const { en } = useLocale();
  const step = levels.findIndex((l) => l.slug === level.slug) + 1;
  return (
    <div className="space-y-6">
      <PageHeader title={en ? level.nameEn : level.nameZh}>
        <Link to="/learn" className="link text-sm">
          {t("learn.backToPath")}
        </Link>
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
        <div className="space-y-4">
          {next ? (
            <NextStepCard step={next} levels={levels} headingId="level-next-step" heading={t("journey.levelHeading")} />
          ) : null}
          <LevelCard level={level} levels={levels} step={step} next={next ?? undefined} />
          <section className="card text-sm" aria-labelledby="requirements">
            <h2 id="requirements" className="font-semibold">
              {t("certificates.requirementsTitle")}
            </h2>
            {certificateId ? (
              <p className="mt-2 text-green-800">
                {t("certificates.held")}{" "}
                <Link className="link underline" to={`/certificates/${certificateId}`}>
                  {t("certificates.viewCertificate")}
                </Link>
              </p>
            ) : (
              <p className="mt-1 text-slate-600">{t("certificates.requirementsIntro")}</p>
            )}
            <ul className="mt-2 space-y-2">
              {requirements.map((r) => (
                <li key={r.id} className="flex gap-2">
                  <span aria-hidden="true" className={r.met ? "text-green-700" : "text-slate-400"}>
                    {r.met ? "✔" : "○"}
                  </span>
                  <span>
                    <span className={r.met ? "text-slate-800" : "font-medium text-slate-900"}>
                      {t(`certificates.requirement.${r.id}`, { done: r.done ?? 0, required: r.required ?? 0 })}
                    </span>
                    <span className="sr-only"> · {r.met ? t("certificates.met") : t("certificates.notMet")}</span>
                    {!r.met && !certificateId ? (
                      <span className="block text-slate-600">{t(`certificates.next.${r.id}`)}</span>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
            <p className="mt-3 text-slate-700">
              {t("learn.reqValidity", { years: validityYears, hours: renewalHours })}
            </p>
          </section>
        </div>
        <section aria-labelledby="courses-heading">
          <h2 id="courses-heading" className="text-lg font-semibold">
            {t("learn.courses")}
          </h2>
          <ul className="mt-3 grid gap-4 sm:grid-cols-2">
            {courses.map((course) => (
              <li key={course.slug} className="card flex flex-col gap-3">
                <div>
                  <p className="text-xs font-medium text-brand-700">
                    {t(`modules.${course.module}`)} ·{" "}
                    {course.required
                      ? t("learn.required")
                      : course.elective
                        ? t("electives.badge")
                        : t("learn.optional")}
                  </p>
                  <h3 className="mt-1 font-semibold">
                    <Link to={`/learn/courses/${course.slug}`} className="hover:underline">
                      {en ? course.titleEn : course.titleZh}
                    </Link>
                  </h3>
                  <p className="mt-1 text-sm text-slate-700">{en ? course.summaryEn : course.summaryZh}</p>
                </div>
                {course.progress ? (
                  <ProgressBar
                    label={t("learn.lessonsDone")}
                    done={course.progress.lessonsCompleted}
                    total={course.progress.lessonsTotal}
                    detail={
                      isCourseComplete(course.progress)
                        ? t("learn.courseComplete")
                        : t("learn.lessonsOf", {
                            done: course.progress.lessonsCompleted,
                            total: course.progress.lessonsTotal,
                          })
                    }
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
