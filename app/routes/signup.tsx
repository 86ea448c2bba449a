import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ErrorList, Field, NewPasswordFields } from "~/components/forms";
import { ConsentCheckbox } from "~/components/privacy-notice";
import { useLocale } from "~/hooks/use-locale";
import { languageCookie, requestLanguage } from "~/i18n/i18n.server";
import { listTrainingCenters, signUpTrainee } from "~/modules/orgs/index.server";
import { CURRENT_PRIVACY_VERSION, signupWithConsentSchema } from "~/modules/privacy";
import { requireAnonymous, sessionCookie } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "signup.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return { centers: await listTrainingCenters(await db()) };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  // The privacy notice's box is required; signUpTrainee records the consent with the account.
  const submission = parseWithZod(await request.formData(), { schema: signupWithConsentSchema });
  const hideFields = ["password", "confirmPassword"];
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields }) }, { status: 400 });

  const locale = await requestLanguage(request);
  const outcome = await signUpTrainee(await db(), { ...submission.value, locale });
  if (!outcome.ok) return data({ result: replyWithFailure(submission, outcome, { hideFields }) }, { status: 400 });
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(outcome.token));
  headers.append("Set-Cookie", await languageCookie.serialize(locale));
  return redirect("/", { headers });
}

export default function SignupPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const { centers } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { en } = useLocale();
  const [form, fields] = useForm<z.input<typeof signupWithConsentSchema>>({
    id: "signup",
    lastResult: actionData?.result,
  });
  return (
    <div className="mx-auto max-w-md">
      <div className="card">
        <h1 className="text-2xl font-semibold">{t("signup.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("signup.subtitle")}</p>
        <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4">
          <Field label={t("fields.name")} field={fields.name} autoComplete="name" />
          <Field
            label={t("fields.identifier")}
            field={fields.identifier}
            autoComplete="username"
            hint={t("fields.identifierHint")}
          />
          <NewPasswordFields
            label={t("fields.password")}
            password={fields.password}
            confirmPassword={fields.confirmPassword}
          />
          <div>
            <label htmlFor={fields.centerId.id} className="block text-sm font-medium text-slate-800">
              {t("fields.center")}
            </label>
            <select
              {...getSelectProps(fields.centerId, { ariaDescribedBy: `${fields.centerId.id}-hint` })}
              key={fields.centerId.key}
              className="input mt-1"
            >
              <option value="">{t("fields.noCenter")}</option>
              {centers.map((c) => (
                <option key={c.id} value={c.id}>
                  {en ? `${c.nameEn} (${c.regionNameEn})` : `${c.nameZh}（${c.regionNameZh}）`}
                </option>
              ))}
            </select>
            <p id={`${fields.centerId.id}-hint`} className="mt-1 text-sm text-slate-600">
              {t("fields.centerHint")}
            </p>
            <ErrorList id={fields.centerId.errorId} errors={fields.centerId.errors} />
          </div>
          <ConsentCheckbox id={fields.consent.id} version={CURRENT_PRIVACY_VERSION} errors={fields.consent.errors} />
          <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
            {t("signup.submit")}
          </button>
        </Form>
        <p className="mt-6 text-sm">
          <Link to="/login" className="link">
            {t("signup.haveAccount")}
          </Link>
        </p>
      </div>
    </div>
  );
}
