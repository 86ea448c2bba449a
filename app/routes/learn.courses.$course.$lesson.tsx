import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { SelfCheckQuestion } from "~/components/self-check";
import { useLocale } from "~/hooks/use-locale";
import { useStudyHeartbeat } from "~/hooks/use-study-heartbeat";
import { requirePermission } from "~/modules/orgs/index.server";
import { heldLevelsOf } from "~/modules/certificates/index.server";
import type { CompletionBlocker } from "~/modules/learning";
import { answerSelfCheck, completeLesson, openLesson } from "~/modules/learning/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { lessonRuleOverride } from "~/utils/env.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "learn.lessonTitle");

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("complete"), lessonId: z.string().uuid() }),
  z.object({
    intent: z.literal("self-check"),
    lessonId: z.string().uuid(),
    question: z.coerce.number().int().min(0).max(20),
    choice: z.coerce.number().int().min(0).max(10),
  }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const database = await db();
  // Held levels come from certificates (above learning); the promise runs beside the page's reads.
  const opened = await openLesson(
    database,
    user.id,
    params.course ?? "",
    params.lesson ?? "",
    heldLevelsOf(database, user.id),
    new Date(),
    lessonRuleOverride(),
  );
  // Not enrolled yet: the course page offers enrolment.
  if (!opened.enrolled) throw redirect(`/learn/courses/${params.course}`);
  const { course, lesson, progress, blockers, previous, next, position, total } = opened;
  return {
    blockers,
    course: { slug: course.slug, titleZh: course.titleZh, titleEn: course.titleEn },
    lesson,
    progress,
    previous: previous && { slug: previous.slug, titleZh: previous.titleZh, titleEn: previous.titleEn },
    next: next && { slug: next.slug, titleZh: next.titleZh, titleEn: next.titleEn },
    position,
    total,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const submission = parseWithZod(await request.formData(), { schema: actionSchema });
  // The only thing a person can get wrong here is not choosing an answer: one message for the question.
  if (submission.status !== "success") return data({ error: "learn.chooseAnAnswer" }, { status: 400 });
  const value = submission.value;
  const database = await db();
  if (value.intent === "self-check") {
    const feedback = await answerSelfCheck(database, { userId: user.id, ...value });
    return { feedback };
  }
  const completed = await completeLesson(database, user.id, value.lessonId, { ruleOverride: lessonRuleOverride() });
  // Refused: the page says what is still missing (the rule of levels.yaml, the course's order).
  if (!completed.ok) return data({ blockers: completed.blockers }, { status: 409 });
  const next = new URL(request.url).searchParams.get("next");
  return redirect(next ? `/learn/courses/${params.course}/${next}` : `/learn/courses/${params.course}`);
}

export default function LessonPage() {
  const { t } = useTranslation();
  const {
    course,
    lesson,
    progress,
    blockers: loaded,
    previous,
    next,
    position,
    total,
  } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const navigation = useNavigation();
  const blockers = useStudyCountdown(
    refused && "blockers" in refused ? (refused.blockers as CompletionBlocker[]) : (loaded as CompletionBlocker[]),
  );
  useStudyHeartbeat(lesson.id);
  const { en } = useLocale();
  return (
    <article className="mx-auto max-w-3xl space-y-6" aria-labelledby="lesson-title">
      <header>
        <nav aria-label={t("learn.breadcrumb")} className="text-sm">
          <Link to={`/learn/courses/${course.slug}`} className="link">
            {en ? course.titleEn : course.titleZh}
          </Link>
          <span className="text-slate-500"> · {t("learn.lessonOf", { n: position, total })}</span>
        </nav>
        <h1 id="lesson-title" className="mt-2 text-2xl font-semibold">
          {en ? lesson.titleEn : lesson.titleZh}
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {t("learn.minutes", { count: lesson.minutes })}
          {progress.completed ? ` · ${t("learn.done")}` : ""}
        </p>
        {en ? (
          <p className="mt-2 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900">{t("journey.lessonsInChinese")}</p>
        ) : null}
      </header>

      <div className="card lesson-body" lang="zh-CN" dangerouslySetInnerHTML={{ __html: lesson.bodyHtml }} />

      {lesson.selfCheck.length ? (
        <section className="card space-y-4" aria-labelledby="self-check-heading" lang="zh-CN">
          <h2 id="self-check-heading" className="text-lg font-semibold">
            {t("learn.selfCheck")}
          </h2>
          {lesson.selfCheck.map((q, i) => (
            <SelfCheckQuestion
              key={`${lesson.version}-${i}`}
              index={i}
              question={q.question}
              options={q.options}
              lessonId={lesson.id}
            />
          ))}
        </section>
      ) : null}

      <Form
        method="post"
        action={next ? `?next=${next.slug}` : undefined}
        className="card flex flex-wrap items-center justify-between gap-3"
      >
        <input type="hidden" name="intent" value="complete" />
        <input type="hidden" name="lessonId" value={lesson.id} />
        {!progress.completed && blockers.length ? (
          <div className="text-sm text-slate-700" id="completion-blockers" aria-live="polite">
            {refused && "blockers" in refused ? (
              <p className="font-medium text-red-700">{t("journey.lessonRule.refused")}</p>
            ) : null}
            <p>{t("journey.lessonRule.heading")}</p>
            <ul className="list-disc pl-5">
              {blockers.map((b) => (
                <li key={b.kind}>
                  {b.kind === "time"
                    ? t("journey.lessonRule.time", { minutes: b.minutesLeft })
                    : b.kind === "selfCheck"
                      ? t("journey.lessonRule.selfCheck", { count: b.unanswered })
                      : t("journey.lessonRule.order", { lesson: en ? b.lesson.titleEn : b.lesson.titleZh })}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="text-sm text-slate-700">
            {progress.completed ? t("learn.completedHint") : t("learn.completeHint")}
          </p>
        )}
        <button
          type="submit"
          className="btn"
          disabled={navigation.state === "submitting" || (!progress.completed && blockers.length > 0)}
          aria-describedby={!progress.completed && blockers.length ? "completion-blockers" : undefined}
        >
          {progress.completed ? (next ? t("learn.nextLesson") : t("learn.backToCourse")) : t("learn.markComplete")}
        </button>
      </Form>

      <nav aria-label={t("learn.lessonNavigation")} className="flex justify-between gap-3 text-sm">
        {previous ? (
          <Link to={`/learn/courses/${course.slug}/${previous.slug}`} className="link" rel="prev">
            ← {en ? previous.titleEn : previous.titleZh}
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link to={`/learn/courses/${course.slug}/${next.slug}`} className="link text-right" rel="next">
            {en ? next.titleEn : next.titleZh} →
          </Link>
        ) : null}
      </nav>
    </article>
  );
}

/**
 * The completion blockers as the page shows them: the time still to study counts down while the page is
 * open (the heartbeats report it meanwhile), so the button becomes available without a reload. The server
 * checks again when the button is pressed.
 */
function useStudyCountdown(blockers: CompletionBlocker[]): CompletionBlocker[] {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    setElapsed(0);
    const started = Date.now();
    const timer = window.setInterval(() => setElapsed(Math.floor((Date.now() - started) / 1000)), 5000);
    return () => window.clearInterval(timer);
  }, [blockers]);
  return blockers.flatMap<CompletionBlocker>((b) => {
    if (b.kind !== "time") return [b];
    const secondsLeft = b.secondsLeft - elapsed;
    return secondsLeft > 0 ? [{ ...b, secondsLeft, minutesLeft: Math.ceil(secondsLeft / 60) }] : [];
  });
}
