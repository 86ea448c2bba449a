import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Field, FormMessage } from "~/components/forms";
import { formatDateTime } from "~/i18n/config";
import { requestLanguage, translator } from "~/i18n/i18n.server";
import { twoFactorCodeSchema } from "~/modules/auth";
import { completeTwoFactorSignIn } from "~/modules/auth/index.server";
import { requirePendingSession, TWO_FACTOR_SETTINGS_PATH } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";
import { clientIp } from "~/utils/request.server";
import { safeRedirect } from "~/utils/safe-redirect";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "twoFactor.signIn.title");

/** Only a session waiting for its code comes here; a signed-in one goes on to where it was going. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePendingSession(request, safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const next = safeRedirect(formData.get("redirectTo"));
  const session = await requirePendingSession(request, next);
  const submission = parseWithZod(formData, { schema: twoFactorCodeSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["code"] }), message: null }, { status: 400 });

  const outcome = await completeTwoFactorSignIn(await db(), {
    userId: session.user.id,
    sessionId: session.sessionId,
    code: submission.value.code,
    ip: clientIp(context),
  });
  if (!outcome.ok) {
    if (outcome.reason === "limited") {
      const language = await requestLanguage(request);
      const t = await translator(language);
      const message = t("twoFactor.errors.limited", { time: formatDateTime(outcome.retryAt, language) });
      return data({ result: submission.reply({ hideFields: ["code"] }), message }, { status: 429 });
    }
    return data(
      {
        result: submission.reply({ hideFields: ["code"], fieldErrors: { code: ["twoFactor.errors.invalid"] } }),
        message: null,
      },
      { status: 400 },
    );
  }
  // A spent recovery code suggests a lost phone: the settings page says how many are left and what to do.
  if (outcome.via === "recovery")
    return redirect(`${TWO_FACTOR_SETTINGS_PATH}?notice=recoveryUsed&redirectTo=${encodeURIComponent(next)}`);
  return redirect(next);
}

export default function TwoFactorSignInPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof twoFactorCodeSchema>>({
    id: "two-factor-sign-in",
    lastResult: actionData?.result,
  });
  return (
    <div className="mx-auto max-w-md">
      <div className="card">
        <h1 className="text-2xl font-semibold">{t("twoFactor.signIn.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("twoFactor.signIn.subtitle")}</p>
        <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4">
          <FormMessage>{actionData?.message}</FormMessage>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <Field
            label={t("twoFactor.codeOrRecovery")}
            field={fields.code}
            autoComplete="one-time-code"
            hint={t("twoFactor.signIn.recoveryHint")}
          />
          <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
            {t("twoFactor.signIn.submit")}
          </button>
        </Form>
        <Form method="post" action="/logout" className="mt-6 text-sm">
          <button type="submit" className="link">
            {t("twoFactor.signIn.otherAccount")}
          </button>
        </Form>
      </div>
    </div>
  );
}
