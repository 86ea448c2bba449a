import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AttemptReview } from "~/components/exam/review";
import { ExamSitting } from "~/components/exam/sitting";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import type { QuestionContent } from "~/modules/content";
import { shownQuestion } from "~/modules/exams";
import { requirePermission } from "~/modules/orgs/index.server";
import { attemptPageFor, attemptReview, requestDeviceChange, submitAttempt } from "~/modules/exams/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { ensureExamDevice, examDeviceHash } from "~/utils/exam-device.server";
import { clientIp } from "~/utils/request.server";
import { titleMeta } from "~/utils/meta";
import { issueAfterGrading } from "~/workflows/certification.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "exams.attemptTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const database = await db();
  // Which browser holds the attempt (docs/exam-integrity.md); a browser without a token gets one, so it can ask.
  const device = ensureExamDevice(request);
  const { graded, integrity, ...attempt } = await attemptPageFor(database, {
    userId: user.id,
    attemptId: params.attemptId ?? "",
    deviceHash: device.deviceHash,
    ip: clientIp(context),
  });
  // Opening it past its deadline closed and graded it: a pass may complete the level's certificate.
  await issueAfterGrading(database, graded);
  // Keys and explanations only once the attempt is closed, and only if the exam's policy shows them.
  const review = attempt.status === "open" ? null : await attemptReview(database, user.id, attempt.id);
  return data(
    {
      attempt,
      review,
      device: integrity.device,
      policy: integrity.policy,
      messages: integrity.messages,
      serverNow: new Date().toISOString(),
    },
    { headers: device.setCookie ? { "Set-Cookie": device.setCookie } : undefined },
  );
}

const submitSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit") }),
  // "Continue on this device?": ask the proctor (or the center's wait) to move the attempt here.
  z.object({ intent: z.literal("continue_here") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const submission = parseWithZod(await request.formData(), { schema: submitSchema });
  if (submission.status === "success" && submission.value.intent === "continue_here") {
    await requestDeviceChange(await db(), {
      userId: user.id,
      attemptId: params.attemptId ?? "",
      deviceHash: examDeviceHash(request),
    });
    return redirect(`/exams/attempts/${params.attemptId}`);
  }
  // Anything but "submit" changes nothing: the page is shown again as it stands.
  if (submission.status === "success") {
    const database = await db();
    // A pass may complete the level: its certificate is issued once the grade is committed.
    // Only the browser that holds the attempt hands it in; another sees "continue on this device?" again.
    const graded = await submitAttempt(database, user.id, params.attemptId ?? "", new Date(), examDeviceHash(request));
    await issueAfterGrading(database, graded);
  }
  return redirect(`/exams/attempts/${params.attemptId}`);
}

export default function AttemptPage() {
  const { t } = useTranslation();
  const { language } = useLocale();
  const { attempt, review, serverNow, device, policy, messages } = useLoaderData<typeof loader>();
  // The versions' content comes as one JSON text beside the draw; the options are put in this attempt's order here.
  const items = useMemo(() => {
    const contents = JSON.parse(attempt.questions) as QuestionContent[];
    return contents.map((content, i) => ({
      index: i,
      content: shownQuestion(content, attempt.items[i]?.optionOrders ?? []),
    }));
  }, [attempt.questions, attempt.items]);
  if (attempt.status === "open" && device.state === "other") return <ContinueHere request={device.request} />;
  if (attempt.status === "open")
    return (
      <div className="mx-auto max-w-3xl">
        <ExamSitting
          attemptId={attempt.id}
          deadlineAt={attempt.deadlineAt}
          serverNow={serverNow}
          items={items}
          answers={attempt.answers}
          flagged={attempt.flagged}
          integrity={policy}
          messages={messages}
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
          {attempt.endReason
            ? t("integrity.sitting.ended", { reason: attempt.endReason })
            : attempt.status === "expired"
              ? t("exams.closedAtDeadline")
              : t("exams.submitted")}
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

/** Another browser holds this attempt: ask to continue here, and wait for the proctor (or the center's wait). */
function ContinueHere({ request }: { request: { requestedAt: string; grantsAt: string | null } | null }) {
  const { t } = useTranslation();
  const { language } = useLocale();
  const revalidator = useRevalidator();
  // While a request waits, look again every few seconds: the page opens as soon as it is granted.
  useEffect(() => {
    if (!request) return;
    const id = window.setInterval(() => revalidator.revalidate(), 5_000);
    return () => window.clearInterval(id);
  }, [request, revalidator]);
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <PageHeader title={t("integrity.device.title")} />
      <section className="card space-y-3">
        <p>{t("integrity.device.intro")}</p>
        {request ? (
          <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
            {request.grantsAt
              ? t("integrity.device.waitingUntil", { time: formatDateTime(request.grantsAt, language) })
              : t("integrity.device.waiting")}
          </p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="continue_here" />
            <button type="submit" className="btn">
              {t("integrity.device.ask")}
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}
