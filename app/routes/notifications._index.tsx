import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormMessage, PageHeader } from "~/components/forms";
import { formatDateTime, isLanguage } from "~/i18n/config";
import { inboxFormSchema, isSessionKind, renderNotification } from "~/modules/notifications";
import { inboxOf, markAllRead, markRead } from "~/modules/notifications/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "notifications.title");

/** The signed-in person's inbox: only their own notifications. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { items: await inboxOf(await db(), user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: inboxFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), allRead: false }, { status: 400 });
  const database = await db();
  // markRead answers 404 for someone else's notification.
  if (submission.value.intent === "read") await markRead(database, user.id, submission.value.id);
  else await markAllRead(database, user.id);
  return data({ result: submission.reply(), allRead: submission.value.intent === "read-all" });
}

export default function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  const { items } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const unread = items.filter((n) => !n.readAt).length;
  return (
    <div className="space-y-4">
      <PageHeader title={t("notifications.title")}>
        {unread ? (
          <Form method="post">
            <button type="submit" name="intent" value="read-all" className="btn-secondary px-3 py-1.5">
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </PageHeader>
      <p className="text-sm text-slate-600">{t("notifications.intro")}</p>
      {actionData?.allRead ? <FormMessage tone="success">{t("notifications.allRead")}</FormMessage> : null}
      {items.length ? (
        <ul className="space-y-3">
          {items.map((n) => {
            const { title, body } = renderNotification(t, language, n.kind, n.params);
            return (
              <li key={n.id} className={`card ${n.readAt ? "" : "border-l-4 border-l-brand-600"}`}>
                <h2 className="font-semibold">
                  {n.readAt ? null : (
                    <span className="mr-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-800">
                      {t("notifications.isUnread")}
                    </span>
                  )}
                  {title}
                </h2>
                <p className="mt-1 text-sm text-slate-700">{body}</p>
                <p className="mt-1 text-xs text-slate-600">
                  <time dateTime={new Date(n.createdAt).toISOString()}>{formatDateTime(n.createdAt, language)}</time>
                </p>
                <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
                  {n.link ? (
                    <Link to={n.link} className="link">
                      {t("notifications.open")}
                    </Link>
                  ) : null}
                  {isSessionKind(n.kind) ? (
                    <a href={`/notifications/${n.id}/ics`} className="link" download>
                      {t("notifications.downloadIcs")}
                    </a>
                  ) : null}
                  {n.readAt ? null : (
                    <Form method="post">
                      <input type="hidden" name="id" value={n.id} />
                      <button type="submit" name="intent" value="read" className="link">
                        {t("notifications.markRead")}
                      </button>
                    </Form>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="card text-slate-600">{t("notifications.empty")}</p>
      )}
    </div>
  );
}
