import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { requirePermission } from "~/modules/orgs/index.server";
import { listOutbox } from "~/modules/mail/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "outbox.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  return { emails: await listOutbox(await db()) };
}

export default function OutboxPage() {
  const { t } = useTranslation();
  const { emails } = useLoaderData<typeof loader>();
  const { language } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={t("outbox.title")} />
      <p className="text-sm text-slate-600">{t("outbox.hint")}</p>
      {emails.length === 0 ? <p className="card text-slate-600">{t("outbox.empty")}</p> : null}
      <ul className="space-y-4">
        {emails.map((mail) => (
          <li key={mail.id}>
            <article className="card" aria-label={mail.subject}>
              <header className="flex flex-wrap justify-between gap-2 text-sm text-slate-600">
                <span>
                  {t("outbox.to")}: <span className="text-slate-900">{mail.to}</span>
                </span>
                <span>
                  {formatDateTime(mail.createdAt, language)} ·{" "}
                  {mail.sentAt ? t("outbox.sent") : mail.lastError ? t("outbox.failed") : t("outbox.waiting")}
                </span>
              </header>
              <h2 className="mt-2 font-semibold">{mail.subject}</h2>
              <pre className="mt-2 whitespace-pre-wrap break-words font-sans text-sm text-slate-800">{mail.text}</pre>
            </article>
          </li>
        ))}
      </ul>
    </div>
  );
}
