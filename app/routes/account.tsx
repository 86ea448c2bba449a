import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Field, FormMessage, NewPasswordFields, PageHeader } from "~/components/forms";
import { changePassword, twoFactorStatus } from "~/modules/auth/index.server";
import { holderFieldsOf } from "~/modules/certificates/index.server";
import { isPlatformAdmin } from "~/modules/orgs/index.server";
import { changePasswordSchema } from "~/modules/auth";
import { getSession, requireUser, sessionCookie } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";
import { NotificationPreferences } from "~/components/notification-preferences";
import { emailPreferencesSchema, notificationKindsFor } from "~/modules/notifications";
import { emailPreferencesOf, setEmailPreferences } from "~/modules/notifications/index.server";
import { publicUrl } from "~/utils/env.server";
import { notifyPasswordChanged } from "~/workflows/notify.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    name: user.name,
    email: user.email,
    phone: user.phone,
    locale: user.locale,
    roles: [...new Set(user.memberships.map((m) => m.role))],
    emailPreferences: await emailPreferencesOf(await db(), user.id),
    notificationKinds: notificationKindsFor({ platformAdmin: isPlatformAdmin(user) }),
    twoFactorEnabled: (await twoFactorStatus(await db(), user.id)).enabled,
    // The certificate photo / ID number page exists only while the certification body prints one of them.
    holderFields: await holderFieldsOf(await db()),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  // The page's second form: which kinds of notification are e-mailed.
  if (formData.get("intent") === "notification-preferences") {
    const preferences = parseWithZod(formData, { schema: emailPreferencesSchema });
    if (preferences.status !== "success")
      return data({ result: preferences.reply(), changed: false, preferencesSaved: false }, { status: 400 });
    await setEmailPreferences(
      await db(),
      user.id,
      preferences.value.email,
      notificationKindsFor({ platformAdmin: isPlatformAdmin(user) }),
    );
    return data({ result: undefined, changed: false, preferencesSaved: true });
  }
  const submission = parseWithZod(formData, { schema: changePasswordSchema });
  const hideFields = ["currentPassword", "newPassword", "confirmPassword"];
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields }), changed: false }, { status: 400 });
  const outcome = await changePassword(await db(), {
    userId: user.id,
    ...submission.value,
    twoFactorPassed: (await getSession(request))?.twoFactor === "passed",
  });
  if (!outcome.ok)
    return data({ result: replyWithFailure(submission, outcome, { hideFields }), changed: false }, { status: 400 });
  await notifyPasswordChanged(await db(), publicUrl(), user.id, new Date());
  // Every other session has ended; this device keeps a fresh one.
  return data(
    { result: submission.reply({ resetForm: true }), changed: true },
    { headers: { "Set-Cookie": sessionCookie(outcome.token) } },
  );
}

export default function AccountPage() {
  const { t } = useTranslation();
  const profile = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof changePasswordSchema>>({
    id: "change-password",
    lastResult: actionData?.result,
  });
  return (
    <div className="space-y-6">
      <PageHeader title={t("account.title")} />
      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading" className="text-lg font-semibold">
          {t("account.profile")}
        </h2>
        <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-[10rem_1fr]">
          <dt className="text-sm text-slate-600">{t("fields.name")}</dt>
          <dd>{profile.name}</dd>
          <dt className="text-sm text-slate-600">{t("fields.email")}</dt>
          <dd>{profile.email ?? "—"}</dd>
          <dt className="text-sm text-slate-600">{t("fields.phone")}</dt>
          <dd>{profile.phone ?? "—"}</dd>
          <dt className="text-sm text-slate-600">{t("account.roles")}</dt>
          <dd>{profile.roles.map((r) => t(`roles.${r}`)).join("、")}</dd>
          <dt className="text-sm text-slate-600">{t("account.language")}</dt>
          <dd>{t(`languages.${profile.locale}`)}</dd>
        </dl>
      </section>
      <section className="card max-w-xl" aria-labelledby="password-heading">
        <h2 id="password-heading" className="text-lg font-semibold">
          {t("account.changePassword")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("account.changePasswordHint")}</p>
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
          {actionData?.changed ? <FormMessage tone="success">{t("account.passwordChanged")}</FormMessage> : null}
          <Field
            label={t("fields.currentPassword")}
            field={fields.currentPassword}
            type="password"
            autoComplete="current-password"
          />
          <NewPasswordFields
            label={t("fields.newPassword")}
            password={fields.newPassword}
            confirmPassword={fields.confirmPassword}
          />
          <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
            {t("account.changePassword")}
          </button>
        </Form>
      </section>
      <section className="card max-w-xl" aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading" className="text-lg font-semibold">
          {t("twoFactor.title")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("twoFactor.accountCard")}</p>
        <p className="mt-3">
          {t("twoFactor.status")}: {profile.twoFactorEnabled ? t("twoFactor.statusOnShort") : t("twoFactor.statusOff")}
        </p>
        <Link to="/account/two-factor" className="btn-secondary mt-4">
          {t("twoFactor.manage")}
        </Link>
      </section>
      {profile.holderFields.photo || profile.holderFields.idNumber ? (
        <section className="card max-w-xl" aria-labelledby="holder-identity-heading">
          <h2 id="holder-identity-heading" className="text-lg font-semibold">
            {t("holderIdentity.title")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t("holderIdentity.accountCard")}</p>
          <Link to="/account/certificate-identity" className="btn-secondary mt-4">
            {t("holderIdentity.link")}
          </Link>
        </section>
      ) : null}
      <NotificationPreferences
        email={profile.emailPreferences}
        kinds={profile.notificationKinds}
        saved={Boolean(actionData && "preferencesSaved" in actionData && actionData.preferencesSaved)}
      />
    </div>
  );
}
