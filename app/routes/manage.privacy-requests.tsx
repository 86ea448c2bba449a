import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { requirePermission } from "~/modules/orgs/index.server";
import { decideRequestSchema } from "~/modules/privacy";
import { listRequests } from "~/modules/privacy/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";
import { completeDeletion, refuseDeletion } from "~/workflows/personal-data.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "privacy.requestsTitle");

// Platform admins only: they alone complete (erase) or refuse deletion requests.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  return { requests: await listRequests(await db()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const submission = parseWithZod(await request.formData(), { schema: decideRequestSchema });
  if (submission.status !== "success") {
    const errors = Object.values(submission.error ?? {}).flat();
    return data({ ok: false as const, message: errors[0] ?? "errors.invalid" }, { status: 400 });
  }
  const { requestId, decision, note } = submission.value;
  const input = { requestId, actorId: user.id, note };
  const outcome =
    decision === "complete" ? await completeDeletion(await db(), input) : await refuseDeletion(await db(), input);
  if (!outcome.ok) return data({ ok: false as const, message: outcome.message }, { status: 400 });
  return { ok: true as const, message: decision === "complete" ? "privacy.completed" : "privacy.refused" };
}

export default function PrivacyRequestsPage() {
  const { t } = useTranslation();
  const { requests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { language } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={t("privacy.requestsTitle")} />
      <p className="text-sm text-slate-600">{t("privacy.requestsIntro")}</p>
      {actionData ? (
        <FormMessage tone={actionData.ok ? "success" : "error"}>{t(actionData.message)}</FormMessage>
      ) : null}
      {requests.length === 0 ? <p className="card text-slate-600">{t("privacy.requestsEmpty")}</p> : null}
      <ul className="space-y-4">
        {requests.map((r) => (
          <li key={r.id}>
            <article className="card space-y-2" aria-label={r.name}>
              <header className="flex flex-wrap justify-between gap-2 text-sm text-slate-600">
                <span>
                  {t("privacy.person")}: <span className="text-slate-900">{r.name}</span> {r.email ?? r.phone ?? ""}
                </span>
                <span>
                  {formatDateTime(r.createdAt, language)} · {t(`privacy.status_${r.status}`)}
                </span>
              </header>
              <p className="whitespace-pre-wrap text-slate-800">{r.reason}</p>
              {r.status === "open" ? (
                <Form method="post" className="space-y-2">
                  <input type="hidden" name="requestId" value={r.id} />
                  <label htmlFor={`note-${r.id}`} className="block text-sm font-medium text-slate-800">
                    {t("privacy.noteLabel")}
                  </label>
                  <textarea id={`note-${r.id}`} name="note" maxLength={1000} rows={2} className="input" />
                  <div className="flex gap-3">
                    <button
                      type="submit"
                      name="decision"
                      value="complete"
                      className="btn"
                      disabled={navigation.state === "submitting"}
                    >
                      {t("privacy.complete")}
                    </button>
                    <button
                      type="submit"
                      name="decision"
                      value="refuse"
                      className="btn-secondary"
                      disabled={navigation.state === "submitting"}
                    >
                      {t("privacy.refuse")}
                    </button>
                  </div>
                </Form>
              ) : (
                <p className="text-sm text-slate-600">
                  {r.decidedAt ? formatDateTime(r.decidedAt, language) : ""} {r.note ?? ""}
                </p>
              )}
            </article>
          </li>
        ))}
      </ul>
    </div>
  );
}
