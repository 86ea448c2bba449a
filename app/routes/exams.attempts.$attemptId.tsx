import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AttemptReview } from "~/components/exam/review";
import { ExamSitting } from "~/components/exam/sitting";
import { PageHeader } from "~/components/forms";
import { formatDateTime, isLanguage } from "~/i18n/config";
import { requirePermission } from "~/modules/auth/index.server";
import { attemptForCandidate, attemptReview, submitAttempt } from "~/modules/exams/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "exams.attemptTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const database = await db();
  const attempt = await attemptForCandidate(database, user.id, params.attemptId ?? "");
  // Keys and explanations only once the attempt is closed, and only if the exam's policy shows them.
  const review = attempt.status === "open" ? null : await attemptReview(database, user.id, attempt.id);
  return { attempt, review, serverNow: new Date().toISOString() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const form = await request.formData();
  if (form.get("intent") === "submit") await submitAttempt(await db(), user.id, params.attemptId ?? "");
  return redirect(`/exams/attempts/${params.attemptId}`);
}

export default function AttemptPage() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  const { attempt, review, serverNow } = useLoaderData<typeof loader>();
  if (attempt.status === "open")
    return (
      <div className="mx-auto max-w-3xl">
        <ExamSitting
          attemptId={attempt.id}
          deadlineAt={attempt.deadlineAt}
          serverNow={serverNow}
          items={attempt.items}
          answers={attempt.answers}
        />
      </div>
    );
  const result = attempt.result!;
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader title={t("exams.resultTitle")} />
      <section className="card space-y-2">
        <p className="text-lg">
          {t("exams.score", { score: (result.scoreTenths ?? 0) / 10, max: result.maxTenths / 10 })}
        </p>
        <p className={result.pendingEssays ? "text-slate-700" : result.passed ? "text-green-800" : "text-red-800"}>
          {result.pendingEssays
            ? t("exams.pendingEssays", { count: result.pendingEssays })
            : result.passed
              ? t("exams.resultPassed")
              : t("exams.resultFailed")}
        </p>
        <p className="text-sm text-slate-600">{attempt.status === "expired" ? t("exams.closedAtDeadline") : t("exams.submitted")}</p>
      </section>
      <Link to="/exams" className="link">
        {t("exams.backToExams")}
      </Link>
      {review ? (
        <AttemptReview items={review} />
      ) : attempt.reviewOpensAt ? (
        <p className="card text-sm text-slate-700">{t("exams.reviewOpensAt", { time: formatDateTime(attempt.reviewOpensAt, language) })}</p>
      ) : null}
    </div>
  );
}
