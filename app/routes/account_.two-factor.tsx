import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Field, FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { translator } from "~/i18n/i18n.server";
import { twoFactorCodeSchema } from "~/modules/auth";
import {
  beginTwoFactorEnrolment,
  cancelTwoFactorEnrolment,
  type CodeFailure,
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  pendingEnrolment,
  RECOVERY_CODE_COUNT,
  regenerateRecoveryCodes,
  twoFactorStatus,
} from "~/modules/auth/index.server";
import { needsSecondFactor } from "~/modules/orgs/index.server";
import { requireFullSession } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { twoFactorRequired } from "~/utils/env.server";
import { titleMeta } from "~/utils/meta";
import { clientIp } from "~/utils/request.server";
import { safeRedirect } from "~/utils/safe-redirect";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "twoFactor.title");

// The set-up key and recovery codes are on this page: no cache may keep it.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

// No enrolment detour here (requireFullSession, not requireUser): this is where the detour leads.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireFullSession(request);
  const d = await db();
  const status = await twoFactorStatus(d, user.id);
  return {
    status,
    enrolment: status.enrolling ? await pendingEnrolment(d, user) : null,
    account: user.email ?? user.phone ?? "",
    required: twoFactorRequired() && needsSecondFactor(user),
    recoveryCodeCount: RECOVERY_CODE_COUNT,
  };
}

type Intent = "begin" | "cancel" | "confirm" | "disable" | "regenerate";
interface ActionData {
  intent: Intent | null;
  result?: SubmissionResult<string[]>;
  message?: string;
  notice?: "enabled" | "disabled" | "regenerated";
  recoveryCodes?: string[];
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, sessionId } = await requireFullSession(request);
  const formData = await request.formData();
  const raw = formData.get("intent");
  const intent = (["begin", "cancel", "confirm", "disable", "regenerate"] as const).find((i) => i === raw) ?? null;
  const d = await db();
  const t = await translator(user.locale);
  const refused = (message: string, status = 400) => data<ActionData>({ intent, message: t(message) }, { status });

  if (intent === "begin") {
    const begun = await beginTwoFactorEnrolment(d, user.id);
    return begun.ok ? data<ActionData>({ intent }) : refused("twoFactor.errors.alreadyEnabled");
  }
  if (intent === "cancel") {
    await cancelTwoFactorEnrolment(d, user.id);
    return data<ActionData>({ intent });
  }
  if (!intent) return refused("twoFactor.errors.intent");

  const submission = parseWithZod(formData, { schema: twoFactorCodeSchema });
  if (submission.status !== "success")
    return data<ActionData>({ intent, result: submission.reply({ hideFields: ["code"] }) }, { status: 400 });
  const input = { userId: user.id, code: submission.value.code, ip: clientIp(context) };
  const failed = (outcome: CodeFailure) =>
    outcome.reason === "limited"
      ? data<ActionData>(
          {
            intent,
            result: submission.reply({ hideFields: ["code"] }),
            message: t("twoFactor.errors.limited", { time: formatDateTime(outcome.retryAt, user.locale) }),
          },
          { status: 429 },
        )
      : data<ActionData>(
          {
            intent,
            result: submission.reply({ hideFields: ["code"], fieldErrors: { code: ["twoFactor.errors.invalid"] } }),
          },
          { status: 400 },
        );

  if (intent === "confirm") {
    const outcome = await confirmTwoFactorEnrolment(d, { ...input, sessionId });
    if (!outcome.ok) return failed(outcome);
    return data<ActionData>({ intent, notice: "enabled", recoveryCodes: outcome.recoveryCodes });
  }
  if (intent === "regenerate") {
    const outcome = await regenerateRecoveryCodes(d, input);
    if (!outcome.ok) return failed(outcome);
    return data<ActionData>({ intent, notice: "regenerated", recoveryCodes: outcome.recoveryCodes });
  }
  const outcome = await disableTwoFactor(d, input);
  if (!outcome.ok) return failed(outcome);
  return data<ActionData>({ intent, notice: "disabled" });
}

/** A form asking for a code, with its own Conform state: only its own submission's errors show on it. */
function CodeForm({
  intent,
  label,
  hint,
  submit,
  tone = "primary",
}: {
  intent: Exclude<Intent, "begin" | "cancel">;
  label: string;
  hint: string;
  submit: string;
  tone?: "primary" | "secondary";
}) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof twoFactorCodeSchema>>({
    id: `two-factor-${intent}`,
    lastResult: actionData?.intent === intent ? actionData.result : undefined,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 max-w-sm space-y-4">
      <FormMessage>{actionData?.intent === intent ? actionData.message : null}</FormMessage>
      <input type="hidden" name="intent" value={intent} />
      <Field label={label} field={fields.code} autoComplete="one-time-code" hint={hint} />
      <button
        type="submit"
        className={tone === "primary" ? "btn" : "btn-secondary"}
        disabled={navigation.state === "submitting"}
      >
        {submit}
      </button>
    </Form>
  );
}

function RecoveryCodes({ codes, next }: { codes: string[]; next: string }) {
  const { t } = useTranslation();
  return (
    <section className="card border-amber-300" aria-labelledby="recovery-heading">
      <h2 id="recovery-heading" className="text-lg font-semibold">
        {t("twoFactor.recoveryTitle")}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{t("twoFactor.recoveryIntro")}</p>
      <ul
        aria-label={t("twoFactor.recoveryList", { count: codes.length })}
        className="mt-4 grid max-w-md grid-cols-2 gap-2 font-mono text-base"
      >
        {codes.map((code) => (
          <li key={code} className="rounded border border-slate-200 bg-slate-50 px-3 py-1 text-center">
            {code}
          </li>
        ))}
      </ul>
      <Link to={next} className="btn mt-6">
        {t("twoFactor.continue")}
      </Link>
    </section>
  );
}

export default function TwoFactorSettingsPage() {
  const { t } = useTranslation();
  const { language } = useLocale();
  const { status, enrolment, account, required, recoveryCodeCount } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const next = safeRedirect(searchParams.get("redirectTo"));
  const notice = actionData?.notice;
  const beginMessage = actionData && !actionData.result && actionData.message ? actionData.message : null;
  return (
    <div className="space-y-6">
      <PageHeader title={t("twoFactor.title")} />
      <section className="card" aria-labelledby="two-factor-status-heading">
        <h2 id="two-factor-status-heading" className="sr-only">
          {t("twoFactor.status")}
        </h2>
        <div className="space-y-3">
          {required && !status.enabled ? <FormMessage>{t("twoFactor.required")}</FormMessage> : null}
          {searchParams.get("notice") === "recoveryUsed" && status.enabled && !notice ? (
            <FormMessage>{t("twoFactor.recoveryUsed", { count: status.recoveryCodesLeft })}</FormMessage>
          ) : null}
          {notice ? <FormMessage tone="success">{t(`twoFactor.${notice}`)}</FormMessage> : null}
          <FormMessage>{beginMessage}</FormMessage>
        </div>
        <p className="mt-3 text-sm text-slate-700">{t("twoFactor.intro")}</p>
        <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-[10rem_1fr]">
          <dt className="text-sm text-slate-600">{t("twoFactor.status")}</dt>
          <dd>
            {status.enabledAt
              ? t("twoFactor.statusOn", { time: formatDateTime(status.enabledAt, language) })
              : t("twoFactor.statusOff")}
          </dd>
          {status.enabled ? (
            <>
              <dt className="text-sm text-slate-600">{t("twoFactor.recoveryTitle")}</dt>
              <dd>{t("twoFactor.recoveryLeft", { count: status.recoveryCodesLeft })}</dd>
            </>
          ) : null}
        </dl>
        {!status.enabled && !enrolment ? (
          <Form method="post" className="mt-6">
            <input type="hidden" name="intent" value="begin" />
            <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
              {t("twoFactor.begin")}
            </button>
          </Form>
        ) : null}
      </section>

      {actionData?.recoveryCodes ? <RecoveryCodes codes={actionData.recoveryCodes} next={next} /> : null}

      {enrolment ? (
        <section className="card" aria-labelledby="two-factor-enrol-heading">
          <h2 id="two-factor-enrol-heading" className="text-lg font-semibold">
            {t("twoFactor.scanTitle")}
          </h2>
          <img src={enrolment.qrDataUrl} alt={t("twoFactor.qrAlt")} width={220} height={220} className="mt-4" />
          <p className="mt-4 text-sm text-slate-700">{t("twoFactor.manual", { account })}</p>
          <p className="mt-1 font-mono text-base tracking-wide break-all select-all" data-testid="two-factor-secret">
            {enrolment.secret}
          </p>
          <h2 className="mt-6 text-lg font-semibold">{t("twoFactor.confirmTitle")}</h2>
          <CodeForm
            intent="confirm"
            label={t("twoFactor.code")}
            hint={t("twoFactor.codeHint")}
            submit={t("twoFactor.confirm")}
          />
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="btn-secondary" disabled={navigation.state === "submitting"}>
              {t("twoFactor.cancel")}
            </button>
          </Form>
        </section>
      ) : null}

      {status.enabled ? (
        <>
          <section className="card" aria-labelledby="two-factor-regenerate-heading">
            <h2 id="two-factor-regenerate-heading" className="text-lg font-semibold">
              {t("twoFactor.regenerateTitle")}
            </h2>
            <p className="mt-1 text-sm text-slate-600">{t("twoFactor.regenerateHint", { count: recoveryCodeCount })}</p>
            <CodeForm
              intent="regenerate"
              label={t("twoFactor.codeOrRecovery")}
              hint={t("twoFactor.codeOrRecoveryHint")}
              submit={t("twoFactor.regenerate")}
              tone="secondary"
            />
          </section>
          <section className="card" aria-labelledby="two-factor-disable-heading">
            <h2 id="two-factor-disable-heading" className="text-lg font-semibold">
              {t("twoFactor.disableTitle")}
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              {required ? t("twoFactor.disableRequiredHint") : t("twoFactor.disableHint")}
            </p>
            <CodeForm
              intent="disable"
              label={t("twoFactor.codeOrRecovery")}
              hint={t("twoFactor.codeOrRecoveryHint")}
              submit={t("twoFactor.disable")}
              tone="secondary"
            />
          </section>
        </>
      ) : null}
    </div>
  );
}
