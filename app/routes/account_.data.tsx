import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { deletionRequestSchema } from "~/modules/privacy";
import { requestDeletion, requestsOf } from "~/modules/privacy/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "privacy.dataTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { requests: await requestsOf(await db(), user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: deletionRequestSchema });
  if (submission.status !== "success")
    return data({ ok: false as const, errors: submission.error?.reason ?? ["errors.invalid"] }, { status: 400 });
  const outcome = await requestDeletion(await db(), user.id, submission.value.reason);
  if (!outcome.ok) return data({ ok: false as const, errors: [outcome.message] }, { status: 400 });
  return { ok: true as const, errors: null };
}

export default function MyDataPage() {
  const { t } = useTranslation();
  const { requests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { language } = useLocale();
  const open = requests.some((r) => r.status === "open");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={t("privacy.dataTitle")} />
      <section className="card space-y-4">
        <p>{t("privacy.dataIntro")}</p>
        <p className="flex flex-wrap gap-4">
          <a href="/account/data.json" className="btn" download>
            {t("privacy.downloadJson")}
          </a>
          <a href="/account/data.html" className="btn" download>
            {t("privacy.downloadHtml")}
          </a>
        </p>
      </section>
      <section className="card space-y-4" aria-labelledby="deletion-title">
        <h2 id="deletion-title" className="text-lg font-semibold">
          {t("privacy.deletionTitle")}
        </h2>
        <p className="text-sm text-slate-700">{t("privacy.deletionIntro")}</p>
        {actionData?.ok ? <FormMessage tone="success">{t("privacy.requested")}</FormMessage> : null}
        {open ? null : (
          <Form method="post" className="space-y-3">
            <input type="hidden" name="intent" value="request-deletion" />
            <div>
              <label htmlFor="reason" className="block text-sm font-medium text-slate-800">
                {t("privacy.reason")}
              </label>
              <textarea
                id="reason"
                name="reason"
                required
                maxLength={1000}
                rows={3}
                className="input mt-1"
                aria-invalid={actionData?.errors ? true : undefined}
                aria-describedby={actionData?.errors ? "reason-error" : undefined}
              />
              <ErrorList id="reason-error" errors={actionData?.errors} />
            </div>
            <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
              {t("privacy.submitRequest")}
            </button>
          </Form>
        )}
        {requests.length ? (
          <div>
            <h3 className="font-semibold">{t("privacy.yourRequests")}</h3>
            <table className="mt-2 w-full text-sm">
              <thead>
                <tr className="text-left">
                  <th scope="col">{t("privacy.requestedAt")}</th>
                  <th scope="col">{t("privacy.status")}</th>
                  <th scope="col">{t("privacy.note")}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.createdAt, language)}</td>
                    <td>{t(`privacy.status_${r.status}`)}</td>
                    <td>{r.note ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}
