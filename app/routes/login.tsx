import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Field, FormMessage } from "~/components/forms";
import { formatDateTime } from "~/i18n/config";
import { languageCookie, requestLanguage, translator } from "~/i18n/i18n.server";
import { signIn } from "~/modules/auth/index.server";
import { loginSchema } from "~/modules/auth";
import { requireAnonymous, sessionCookie, TWO_FACTOR_SIGN_IN_PATH } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";
import { clientIp } from "~/utils/request.server";
import { safeRedirect } from "~/utils/safe-redirect";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }), message: null }, { status: 400 });

  const language = await requestLanguage(request);
  const t = await translator(language);
  const outcome = await signIn(await db(), { ...submission.value, ip: clientIp(context) });
  if (!outcome.ok) {
    const message =
      outcome.reason === "limited"
        ? t("login.limited", { time: formatDateTime(outcome.retryAt, language) })
        : t("login.invalid");
    return data(
      { result: submission.reply({ hideFields: ["password"] }), message },
      { status: outcome.reason === "limited" ? 429 : 400 },
    );
  }
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(outcome.token));
  // The account's language becomes the browser's too.
  headers.append("Set-Cookie", await languageCookie.serialize(outcome.user.locale));
  const next = safeRedirect(submission.value.redirectTo);
  // With an authenticator the password opens only the code step; the code leads on to where they were going.
  if (outcome.twoFactorPending)
    return redirect(`${TWO_FACTOR_SIGN_IN_PATH}?redirectTo=${encodeURIComponent(next)}`, { headers });
  return redirect(next, { headers });
}

export default function LoginPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof loginSchema>>({
    id: "login",
    lastResult: actionData?.result,
  });
  const notice = searchParams.get("notice");
  return (
    <div className="mx-auto max-w-md">
      <div className="card">
        <h1 className="text-2xl font-semibold">{t("login.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("login.subtitle")}</p>
        <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4">
          {notice === "passwordReset" ? <FormMessage tone="success">{t("reset.done")}</FormMessage> : null}
          <FormMessage>{actionData?.message}</FormMessage>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <Field
            label={t("fields.identifier")}
            field={fields.identifier}
            autoComplete="username"
            hint={t("fields.identifierHint")}
          />
          <Field label={t("fields.password")} field={fields.password} type="password" autoComplete="current-password" />
          <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
            {t("login.submit")}
          </button>
        </Form>
        <div className="mt-6 flex flex-wrap justify-between gap-2 text-sm">
          <Link to="/forgot-password" className="link">
            {t("login.forgot")}
          </Link>
          <Link to="/signup" className="link">
            {t("login.noAccount")}
          </Link>
        </div>
      </div>
    </div>
  );
}
