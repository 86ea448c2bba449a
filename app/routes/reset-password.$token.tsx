import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { FormMessage, NewPasswordFields } from "~/components/forms";
import { findPasswordToken, resetPassword } from "~/modules/auth/index.server";
import { resetPasswordSchema } from "~/modules/auth";
import { clearedSessionCookie } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "reset.title");

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findPasswordToken(await db(), params.token ?? "");
  return { valid: !!found, purpose: found?.purpose ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: resetPasswordSchema });
  const hideFields = ["password", "confirmPassword"];
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields }), expired: false }, { status: 400 });
  const outcome = await resetPassword(await db(), {
    token: params.token ?? "",
    newPassword: submission.value.password,
  });
  if (!outcome.ok) return data({ result: submission.reply({ hideFields }), expired: true }, { status: 400 });
  return redirect("/login?notice=passwordReset", { headers: { "Set-Cookie": clearedSessionCookie() } });
}

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const { valid, purpose } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof resetPasswordSchema>>({
    id: "reset",
    lastResult: actionData?.result,
  });
  const title = purpose === "set" ? t("reset.setTitle") : t("reset.title");
  if (!valid || actionData?.expired)
    return (
      <div className="card mx-auto max-w-md">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <div className="mt-4">
          <FormMessage>{t("reset.invalidLink")}</FormMessage>
        </div>
        <Link to="/forgot-password" className="btn mt-6">
          {t("reset.requestNew")}
        </Link>
      </div>
    );
  return (
    <div className="card mx-auto max-w-md">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4">
        <NewPasswordFields
          label={t("fields.newPassword")}
          password={fields.password}
          confirmPassword={fields.confirmPassword}
        />
        <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
          {t("reset.submit")}
        </button>
      </Form>
    </div>
  );
}
