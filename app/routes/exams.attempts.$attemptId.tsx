import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AttemptReview } from "~/components/exam/review";
import { ExamSitting } from "~/components/exam/sitting";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { requirePermission } from "~/modules/orgs/index.server";
import { attemptForCandidate, attemptReview, submitAttempt } from "~/modules/exams/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";
import { issueAfterGrading } from "~/workflows/certification.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "exams.attemptTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const database = await db();
  const { graded, ...attempt } = await attemptForCandidate(database, user.id, params.attemptId ?? "");
  // Opening it past its deadline closed and graded it: a pass may complete the level's certificate.
  await issueAfterGrading(database, graded);
  // Keys and explanations only once the attempt is closed, and only if the exam's policy shows them.
  const review = attempt.status === "open" ? null : await attemptReview(database, user.id, attempt.id);
  return { attempt, review, serverNow: new Date().toISOString() };
}

const submitSchema = z.object({ intent: z.literal("submit") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const submission = parseWithZod(await request.formData(), { schema: submitSchema });
  // Anything but "submit" changes nothing: the page is shown again as it stands.
  if (submission.status === "success") {
    const database = await db();
    // A pass may complete the level: its certificate is issued once the grade is committed.
    await issueAfterGrading(database, await submitAttempt(database, user.id, params.attemptId ?? ""));
  }
  return redirect(`/exams/attempts/${params.attemptId}`);
}

export default function AttemptPage() {
  const { t } = useTranslation();
  const { language } = useLocale();
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
          flagged={attempt.flagged}
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
        <p className="text-sm text-slate-600">
          {attempt.status === "expired" ? t("exams.closedAtDeadline") : t("exams.submitted")}
        </p>
      </section>
      <Link to="/exams" className="link">
        {t("exams.backToExams")}
      </Link>
      {review ? (
        <AttemptReview items={review} />
      ) : attempt.reviewOpensAt ? (
        <p className="card text-sm text-slate-700">
          {t("exams.reviewOpensAt", { time: formatDateTime(attempt.reviewOpensAt, language) })}
        </p>
      ) : null}
    </div>
  );
}
