import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Field, FormMessage } from "~/components/forms";
import { requestPasswordReset } from "~/modules/auth/index.server";
import { forgotPasswordSchema } from "~/modules/auth";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";
import { appUrl, clientIp } from "~/utils/request.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "forgot.title");

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });
  await requestPasswordReset(await db(), {
    identifier: submission.value.identifier,
    appUrl: appUrl(request),
    ip: clientIp(context),
  });
  // The same answer whether or not the account exists.
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof forgotPasswordSchema>>({
    id: "forgot",
    lastResult: actionData?.result,
  });
  return (
    <div className="mx-auto max-w-md">
      <div className="card">
        <h1 className="text-2xl font-semibold">{t("forgot.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("forgot.subtitle")}</p>
        <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4">
          {actionData?.sent ? <FormMessage tone="success">{t("forgot.sent")}</FormMessage> : null}
          <Field label={t("fields.identifier")} field={fields.identifier} autoComplete="username" />
          <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
            {t("forgot.submit")}
          </button>
        </Form>
        <p className="mt-6 text-sm">
          <Link to="/login" className="link">
            {t("forgot.back")}
          </Link>
        </p>
      </div>
    </div>
  );
}
