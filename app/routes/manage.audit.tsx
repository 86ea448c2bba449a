import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { listAuditActions } from "~/modules/audit/index.server";
import { listAuditWithNames, requirePermission } from "~/modules/orgs/index.server";
import { auditFilterSchema } from "~/modules/orgs";
import { requireUser } from "~/utils/auth.server";
import { chinaDayEnd, chinaDayStart } from "~/utils/china-time";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "audit.title");

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
    listAuditWithNames(database, {
      action: filter.action,
      targetType: filter.targetType,
      // A date typed in the filter is a day in China Standard Time; "to" includes its whole day.
      from: filter.from ? chinaDayStart(filter.from) : undefined,
      to: filter.to ? chinaDayEnd(filter.to) : undefined,
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
  const { t } = useTranslation();
  const { entries, hasMore, page, actions, invalidFilter } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { language } = useLocale();
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
        <DataTable
          rows={entries}
          rowKey={(e) => e.id}
          empty={<p className="text-slate-600">{t("audit.empty")}</p>}
          rowClassName="align-top"
          columns={[
            { header: t("audit.time"), cell: (e) => formatDateTime(e.createdAt, language), className: "whitespace-nowrap" },
            { header: t("audit.actor"), cell: (e) => e.actorName ?? "—" },
            { header: t("audit.action"), cell: (e) => t(`auditActions.${e.action}`, { defaultValue: e.action }) },
            { header: t("audit.target"), cell: (e) => `${e.targetType}:${e.targetId.slice(0, 8)}`, className: "font-mono text-xs" },
            { header: t("audit.before"), cell: (e) => <Json value={e.before} /> },
            { header: t("audit.after"), cell: (e) => <Json value={e.after} /> },
          ]}
        />
      </section>
      <nav aria-label={t("audit.pages")} className="flex gap-3">
        {page > 1 ? <Link className="btn-secondary" to={pageLink(page - 1)}>{t("audit.previous")}</Link> : null}
        {hasMore ? <Link className="btn-secondary" to={pageLink(page + 1)}>{t("audit.next")}</Link> : null}
      </nav>
    </div>
  );
}
