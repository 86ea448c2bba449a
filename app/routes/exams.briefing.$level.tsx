import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { heldLevelsOf } from "~/modules/certificates/index.server";
import { examBriefing, startAttempt } from "~/modules/exams/index.server";
import { levelConfigOf } from "~/modules/content/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { ensureExamDevice } from "~/utils/exam-device.server";
import { clientIp } from "~/utils/request.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { notFound } from "~/utils/errors.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "journey.briefing.title");

const ACCESS_REASONS: ReadonlySet<string> = new Set([
  "access_code_missing",
  "access_code_wrong",
  "access_code_too_many",
  "network_not_allowed",
]);

// Coerced here, once, as Conform would (an empty field is no value): its automatic coercion rebuilds the schema on
// every submission, a tenth of a millisecond of each exam start (disableAutoCoercion below).
const startSchema = z.object({
  intent: z.literal("start"),
  // The session's access code, when it asks one (spaces allowed: read out in groups).
  accessCode: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(40).optional()),
});

// The level is not read here: eligibility reads its rules anyway and answers "not found" for a level that does not
// exist or has no exam (an exam start reads nothing twice, docs/performance.md).
function levelSlugOf(params: { level?: string }) {
  if (!params.level) throw notFound();
  return params.level;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const levelSlug = levelSlugOf(params);
  const database = await db();
  const briefing = await examBriefing(database, user.id, levelSlug, await heldLevelsOf(database, user.id));
  // An attempt already running needs no briefing: its clock is running.
  if (briefing.openAttemptId) throw redirect(`/exams/attempts/${briefing.openAttemptId}`);
  // The browser gets its device token with the briefing, before it starts: a start sent again because its answer
  // was lost (an app copy killed mid-request, docs/deployment.md "Behind nginx") carries the same token, so the
  // attempt is bound to the browser that holds it, not to a token it never received.
  const device = ensureExamDevice(request);
  return data(
    { briefing: { ...briefing, eventRetentionDays: env().EXAM_EVENT_RETENTION_DAYS } },
    { headers: device.setCookie ? { "Set-Cookie": device.setCookie } : undefined },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const levelSlug = levelSlugOf(params);
  const database = await db();
  const submission = parseWithZod(await request.formData(), { schema: startSchema, disableAutoCoercion: true });
  // One confirm button, no fields to fix: a bad request reads as a reason on the page (of a level with an exam).
  if (submission.status !== "success") {
    if (!(await levelConfigOf(database, levelSlug))?.exam) throw notFound();
    return { reasons: ["invalid"] };
  }
  // The attempt is bound to this browser (docs/exam-integrity.md).
  const device = ensureExamDevice(request);
  const started = await startAttempt(database, user.id, levelSlug, {
    held: await heldLevelsOf(database, user.id),
    access: { ip: clientIp(context), accessCode: submission.value.accessCode ?? null },
    deviceHash: device.deviceHash,
  });
  if (started.ok)
    return redirect(`/exams/attempts/${started.attemptId}`, {
      headers: device.setCookie ? { "Set-Cookie": device.setCookie } : undefined,
    });
  return { reasons: "bankTooSmall" in started ? ["bank_too_small"] : started.reasons };
}

export default function BriefingPage() {
  const { t } = useTranslation();
  const { briefing: b } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { en, language } = useLocale();
  const reasons = actionData?.reasons.length ? actionData.reasons : b.reasons;
  // A wrong access code or the wrong network can be put right here: the form stays, with what to fix.
  const blocking = reasons.filter((r) => !ACCESS_REASONS.has(r));
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={`${t("journey.briefing.title")} · ${en ? b.title.en : b.title.zh}`}>
        <Link to="/exams" className="link text-sm">
          {t("journey.briefing.back")}
        </Link>
      </PageHeader>
      <p className="text-slate-700">{t("journey.briefing.intro")}</p>
      <section className="card space-y-2" aria-labelledby="briefing-sections">
        <h2 id="briefing-sections" className="font-semibold">
          {t("journey.briefing.sections")}
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {b.sections.map((s) => (
            <li key={s.name.zh}>
              {t("journey.briefing.sectionLine", { name: en ? s.name.en : s.name.zh, count: s.count })}
            </li>
          ))}
        </ul>
        <p className="text-sm font-medium">{t("journey.briefing.total", { count: b.questions })}</p>
      </section>
      <section className="card space-y-2 text-sm" aria-label={t("journey.briefing.title")}>
        <ul className="space-y-2">
          <li>
            {t("journey.briefing.time", { minutes: b.minutes })}
            {b.extraMinutes ? t("journey.briefing.extra", { minutes: b.extraMinutes }) : null}
          </li>
          {b.closesAt ? <li>{t("journey.briefing.closes", { time: formatDateTime(b.closesAt, language) })}</li> : null}
          {b.cutShort ? <li className="font-medium text-amber-900">{t("journey.briefing.cutShort")}</li> : null}
          <li>{t("journey.briefing.passMark", { percent: b.passPercent })}</li>
          <li>{t("journey.briefing.attempts", { used: b.attemptsUsed, left: b.attemptsLeft })}</li>
          <li>{b.review === "score" ? t("journey.briefing.reviewScore") : t("journey.briefing.reviewAnswers")}</li>
          <li>{t("journey.briefing.connection")}</li>
          <li>{t("journey.briefing.timeout")}</li>
          <li>{t("journey.briefing.flags")}</li>
        </ul>
      </section>
      <section className="card space-y-2 text-sm" aria-labelledby="briefing-integrity">
        <h2 id="briefing-integrity" className="font-semibold">
          {t("integrity.briefing.title")}
        </h2>
        {b.integrity.record.length ? (
          <>
            <p>{t("integrity.briefing.recorded")}</p>
            <ul className="list-disc space-y-1 pl-5">
              {b.integrity.record.map((kind) => (
                <li key={kind}>{t(`integrity.kinds.${kind}`)}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t("integrity.briefing.nothing")}</p>
        )}
        <p>{t("integrity.briefing.device")}</p>
        {b.integrity.warnCandidate ? <p>{t("integrity.briefing.warned")}</p> : null}
        <p>{t("integrity.briefing.retention", { days: b.eventRetentionDays })}</p>
      </section>
      {reasons.length ? (
        <FormMessage>
          {t("journey.briefing.cannotStart")}{" "}
          {reasons
            .map((r) =>
              t(`exams.reasons.${r}` as "exams.reasons.invalid", {
                time: b.waitUntil ? formatDateTime(b.waitUntil, language) : "",
              }),
            )
            .join(" ")}
        </FormMessage>
      ) : null}
      {blocking.length ? null : (
        <Form method="post" className="space-y-3">
          <input type="hidden" name="intent" value="start" />
          {b.accessCodeRequired ? (
            <div>
              <label htmlFor="access-code" className="block text-sm font-medium">
                {t("integrity.briefing.accessCode")}
              </label>
              <p id="access-code-hint" className="text-sm text-slate-600">
                {t("integrity.briefing.accessCodeHint")}
              </p>
              <input
                id="access-code"
                name="accessCode"
                required
                autoComplete="off"
                inputMode="text"
                maxLength={40}
                aria-describedby="access-code-hint"
                className="input mt-1 w-48 font-mono tracking-widest"
              />
            </div>
          ) : null}
          <button type="submit" className="btn w-full" disabled={navigation.state !== "idle"}>
            {t("journey.briefing.confirm")}
          </button>
        </Form>
      )}
    </div>
  );
}
