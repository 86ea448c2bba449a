import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { requirePermission } from "~/modules/orgs/index.server";
import { heldLevelsOf } from "~/modules/certificates/index.server";
import { examsOverview, startAttempt } from "~/modules/exams/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "exams.title");

const startSchema = z.object({ levelSlug: z.string().max(32).default("") });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const database = await db();
  // Held levels (certificates, prior qualifications) unlock the levels above: certificates sit above exams.
  return { exams: await examsOverview(database, user.id, await heldLevelsOf(database, user.id)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const submission = parseWithZod(await request.formData(), { schema: startSchema });
  // A start button per level, no fields to fix: a bad request reads as a reason on the page.
  if (submission.status !== "success") return { reasons: ["invalid"] };
  const database = await db();
  const started = await startAttempt(database, user.id, submission.value.levelSlug, { held: await heldLevelsOf(database, user.id) });
  if (started.ok) return redirect(`/exams/attempts/${started.attemptId}`);
  return { reasons: "bankTooSmall" in started ? ["bank_too_small"] : started.reasons };
}

export default function ExamsPage() {
  const { t } = useTranslation();
  const { exams } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { en, language } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={t("exams.title")} />
      {actionData?.reasons.length ? (
        <FormMessage>{actionData.reasons.map((r) => t(`exams.reasons.${r}`)).join(" ")}</FormMessage>
      ) : null}
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
                      <span className="font-medium">{x.name}</span> · {formatDateTime(x.opensAt, language)} – {formatDateTime(x.closesAt, language)}
                      {x.location ? ` · ${x.location}` : ""}
                      {x.open ? <span className="ml-1 rounded bg-green-100 px-1 text-green-900">{t("exams.sessionOpen")}</span> : null}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {exam.openAttemptId ? (
              <Link className="btn" to={`/exams/attempts/${exam.openAttemptId}`}>
                {t("exams.resume")}
              </Link>
            ) : exam.reasons.length ? (
              <ul className="space-y-1 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
                {exam.reasons.map((r) => (
                  <li key={r}>
                    {t(`exams.reasons.${r}`, { time: exam.waitUntil ? formatDateTime(exam.waitUntil, language) : "" })}
                  </li>
                ))}
              </ul>
            ) : (
              <Form method="post">
                <input type="hidden" name="levelSlug" value={exam.levelSlug} />
                <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
                  {t("exams.start")}
                </button>
              </Form>
            )}
            {exam.attempts.length ? (
              <div>
                <h3 className="text-sm font-semibold">{t("exams.history")}</h3>
                <ul className="mt-1 space-y-1 text-sm">
                  {exam.attempts.map((a) => (
                    <li key={a.id}>
                      <Link className="link" to={`/exams/attempts/${a.id}`}>
                        {formatDateTime(a.startedAt, language)}
                      </Link>{" "}
                      ·{" "}
                      {a.status === "open"
                        ? t("exams.inProgress")
                        : a.pendingEssays > 0
                          ? t("exams.awaitingGrading")
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
