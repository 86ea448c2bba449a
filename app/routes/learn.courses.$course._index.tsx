import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormMessage, PageHeader } from "~/components/forms";
import { ProgressBar } from "~/components/progress";
import { useLocale } from "~/hooks/use-locale";
import { appendicesOfCourse } from "~/modules/content/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { heldLevelsOf } from "~/modules/certificates/index.server";
import { courseForLearner, enrol } from "~/modules/learning/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "learn.courseTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const database = await db();
  const { course, lessons, enrolled, locked } = await courseForLearner(
    database,
    user.id,
    params.course ?? "",
    heldLevelsOf(database, user.id),
  );
  return {
    course: {
      slug: course.slug,
      levelSlug: course.levelSlug,
      module: course.module,
      titleZh: course.titleZh,
      titleEn: course.titleEn,
      summaryZh: course.summaryZh,
      summaryEn: course.summaryEn,
      objectives: course.objectives,
      introHtml: course.introHtml,
    },
    lessons,
    enrolled,
    locked,
    appendices: await appendicesOfCourse(course.slug),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const database = await db();
  const held = await heldLevelsOf(database, user.id);
  const outcome = await enrol(database, user.id, params.course ?? "", held);
  if (!outcome.ok) return { message: outcome.message };
  const { lessons } = await courseForLearner(database, user.id, params.course ?? "", held);
  const first = lessons.find((l) => !l.completed) ?? lessons[0];
  return redirect(first ? `/learn/courses/${params.course}/${first.slug}` : `/learn/courses/${params.course}`);
}

export default function CoursePage() {
  const { t } = useTranslation();
  const { course, lessons, enrolled, locked, appendices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { en } = useLocale();
  const completed = lessons.filter((l) => l.completed).length;
  const next = lessons.find((l) => !l.completed);
  return (
    <div className="space-y-6">
      <PageHeader title={en ? course.titleEn : course.titleZh}>
        <Link to={`/learn/${course.levelSlug}`} className="link text-sm">
          {t("learn.backToLevel")}
        </Link>
      </PageHeader>
      {en ? (
        <p className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900">{t("journey.lessonsInChinese")}</p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="space-y-6">
          <section className="card space-y-3">
            <p className="text-xs font-medium text-brand-700">{t(`modules.${course.module}`)}</p>
            <p className="text-slate-800">{en ? course.summaryEn : course.summaryZh}</p>
            {course.introHtml ? (
              <div className="lesson-body" dangerouslySetInnerHTML={{ __html: course.introHtml }} />
            ) : null}
            <h2 className="font-semibold">{t("learn.objectives")}</h2>
            <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
              {course.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="lessons-heading">
            <h2 id="lessons-heading" className="font-semibold">
              {t("learn.lessons")}
            </h2>
            <ol className="mt-3 divide-y">
              {lessons.map((lesson, i) => (
                <li key={lesson.slug} className="flex items-center justify-between gap-3 py-3">
                  <div>
                    <span className="mr-2 text-sm tabular-nums text-slate-500">{i + 1}.</span>
                    {enrolled ? (
                      <Link to={`/learn/courses/${course.slug}/${lesson.slug}`} className="link">
                        {en ? lesson.titleEn : lesson.titleZh}
                      </Link>
                    ) : (
                      <span>{en ? lesson.titleEn : lesson.titleZh}</span>
                    )}
                    <span className="ml-2 text-sm text-slate-500">{t("learn.minutes", { count: lesson.minutes })}</span>
                  </div>
                  <span className={`shrink-0 text-sm ${lesson.completed ? "text-green-700" : "text-slate-500"}`}>
                    {lesson.completed ? t("learn.done") : t("learn.notDone")}
                  </span>
                </li>
              ))}
            </ol>
          </section>
          {appendices.length ? (
            <section className="card" aria-labelledby="appendices-heading">
              <h2 id="appendices-heading" className="font-semibold">
                {t("learn.appendices")}
              </h2>
              <p className="mt-1 text-sm text-slate-600">{t("learn.appendicesIntro")}</p>
              <ul className="mt-3 divide-y">
                {appendices.map((appendix) => (
                  <li key={appendix.slug} className="flex items-start justify-between gap-3 py-3">
                    <div>
                      <p>{en ? appendix.titleEn : appendix.titleZh}</p>
                      <p className="text-sm text-slate-600">{en ? appendix.summaryEn : appendix.summaryZh}</p>
                    </div>
                    {/* A resource route: a plain link with download, not client navigation. */}
                    <a href={`/learn/appendices/${appendix.slug}.md`} className="link shrink-0 text-sm" download>
                      {t("learn.downloadAppendix")}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
        <aside className="card h-fit space-y-4">
          <ProgressBar
            label={t("learn.lessonsDone")}
            done={completed}
            total={lessons.length}
            detail={t("learn.lessonsOf", { done: completed, total: lessons.length })}
          />
          {actionData?.message ? <FormMessage>{t(actionData.message)}</FormMessage> : null}
          {locked ? (
            <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("learn.levelLocked")}</p>
          ) : enrolled ? (
            next ? (
              <Link to={`/learn/courses/${course.slug}/${next.slug}`} className="btn w-full">
                {completed ? t("learn.continueCourse") : t("learn.startCourse")}
              </Link>
            ) : (
              <p className="text-sm text-green-800">{t("learn.courseComplete")}</p>
            )
          ) : (
            <Form method="post">
              <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
                {t("learn.enrol")}
              </button>
            </Form>
          )}
        </aside>
      </div>
    </div>
  );
}
