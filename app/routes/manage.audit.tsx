import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { formatDateTime, isLanguage } from "~/i18n/config";
import { listAudit, listAuditActions } from "~/modules/audit/index.server";
import { requirePermission } from "~/modules/auth/index.server";
import { auditFilterSchema } from "~/modules/orgs";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "audit.title");

const DAY_MS = 24 * 60 * 60 * 1000;
/** A date typed in the filter is a day in China Standard Time. */
const shanghaiMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const params = Object.fromEntries(
    [...new URL(request.url).searchParams].filter(([, v]) => v !== ""),
  );
  const parsed = auditFilterSchema.safeParse(params);
  const filter = parsed.success ? parsed.data : {};
  const database = await db();
  const [result, actions] = await Promise.all([
    listAudit(database, {
      action: filter.action,
      targetType: filter.targetType,
      from: filter.from ? shanghaiMidnight(filter.from) : undefined,
      to: filter.to ? new Date(shanghaiMidnight(filter.to).getTime() + DAY_MS) : undefined,
      page: filter.page,
    }),
    listAuditActions(database),
  ]);
  return { ...result, actions, invalidFilter: !parsed.success };
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-400">—</span>;
  return <pre className="max-w-xs overflow-x-auto whitespace-pre-wrap break-all text-xs">{JSON.stringify(value, null, 1)}</pre>;
}

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const { entries, hasMore, page, actions, invalidFilter } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  const pageLink = (p: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(p));
    return `?${next}`;
  };
  return (
    <div className="space-y-6">
      <PageHeader title={t("audit.title")} />
      <Form method="get" className="card grid gap-4 sm:grid-cols-4 sm:items-end">
        <div>
          <label htmlFor="audit-action" className="block text-sm font-medium">
            {t("audit.action")}
          </label>
          <select id="audit-action" name="action" defaultValue={searchParams.get("action") ?? ""} className="input mt-1">
            <option value="">{t("audit.all")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {t(`auditActions.${a}`, { defaultValue: a })}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-from" className="block text-sm font-medium">
            {t("audit.from")}
          </label>
          <input id="audit-from" type="date" name="from" defaultValue={searchParams.get("from") ?? ""} className="input mt-1" />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-sm font-medium">
            {t("audit.to")}
          </label>
          <input id="audit-to" type="date" name="to" defaultValue={searchParams.get("to") ?? ""} className="input mt-1" />
        </div>
        <button type="submit" className="btn">
          {t("audit.filter")}
        </button>
      </Form>
      {invalidFilter ? <p role="alert" className="text-sm text-red-700">{t("audit.invalidFilter")}</p> : null}
      <section className="card overflow-x-auto" aria-label={t("audit.title")}>
        {entries.length === 0 ? (
          <p className="text-slate-600">{t("audit.empty")}</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="border-b text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4">{t("audit.time")}</th>
                <th scope="col" className="py-2 pr-4">{t("audit.actor")}</th>
                <th scope="col" className="py-2 pr-4">{t("audit.action")}</th>
                <th scope="col" className="py-2 pr-4">{t("audit.target")}</th>
                <th scope="col" className="py-2 pr-4">{t("audit.before")}</th>
                <th scope="col" className="py-2 pr-4">{t("audit.after")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} className="border-b align-top last:border-0">
                  <td className="whitespace-nowrap py-2 pr-4">{formatDateTime(e.createdAt, language)}</td>
                  <td className="py-2 pr-4">{e.actorName ?? "—"}</td>
                  <td className="py-2 pr-4">{t(`auditActions.${e.action}`, { defaultValue: e.action })}</td>
                  <td className="py-2 pr-4 font-mono text-xs">
                    {e.targetType}:{e.targetId.slice(0, 8)}
                  </td>
                  <td className="py-2 pr-4"><Json value={e.before} /></td>
                  <td className="py-2 pr-4"><Json value={e.after} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <nav aria-label={t("audit.pages")} className="flex gap-3">
        {page > 1 ? <Link className="btn-secondary" to={pageLink(page - 1)}>{t("audit.previous")}</Link> : null}
        {hasMore ? <Link className="btn-secondary" to={pageLink(page + 1)}>{t("audit.next")}</Link> : null}
      </nav>
    </div>
  );
}
