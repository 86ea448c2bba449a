import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { listAuditActions, listAuditTargetTypes } from "~/modules/audit/index.server";
import { auditChanges } from "~/modules/audit";
import { listAuditWithNames, listTrainingCenterRefs, requirePermission } from "~/modules/orgs/index.server";
import { auditFilterSchema } from "~/modules/orgs";
import { requireUser } from "~/utils/auth.server";
import { chinaDayEnd, chinaDayStart } from "~/utils/china-time";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "audit.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const parsed = auditFilterSchema.safeParse(params);
  const filter = parsed.success ? parsed.data : {};
  const database = await db();
  const [result, actions, targetTypes, centers] = await Promise.all([
    listAuditWithNames(database, {
      action: filter.action,
      targetType: filter.targetType,
      targetId: filter.targetId,
      actorContact: filter.actor,
      centerId: filter.center,
      // A date typed in the filter is a day in China Standard Time; "to" includes its whole day.
      from: filter.from ? chinaDayStart(filter.from) : undefined,
      to: filter.to ? chinaDayEnd(filter.to) : undefined,
      page: filter.page,
    }),
    listAuditActions(database),
    listAuditTargetTypes(database),
    listTrainingCenterRefs(database),
  ]);
  return {
    ...result,
    // What changed, field by field, instead of the stored records (audit/diff.ts).
    entries: result.entries.map(({ before, after, ...e }) => ({ ...e, changes: auditChanges(before, after) })),
    actions,
    targetTypes,
    centers: centers.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn })),
    invalidFilter: !parsed.success,
  };
}

function Changes({ changes }: { changes: { field: string; before: string | null; after: string | null }[] }) {
  if (!changes.length) return <span className="text-slate-600">—</span>;
  return (
    <ul className="max-w-md space-y-0.5 text-xs">
      {changes.map((c) => (
        <li key={c.field} className="break-words">
          {c.field ? <span className="font-mono text-slate-700">{c.field}：</span> : null}
          {c.before !== null ? <del className="text-red-800">{c.before}</del> : null}
          {c.before !== null && c.after !== null ? " → " : null}
          {c.after !== null ? <ins className="text-emerald-800 no-underline">{c.after}</ins> : null}
        </li>
      ))}
    </ul>
  );
}

function TextFilter({ name, label, value }: { name: string; label: string; value: string }) {
  return (
    <div>
      <label htmlFor={`audit-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <input id={`audit-${name}`} name={name} defaultValue={value} className="input mt-1" />
    </div>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const { entries, hasMore, page, actions, targetTypes, centers, invalidFilter } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { language, pick } = useLocale();
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
          <select
            id="audit-action"
            name="action"
            defaultValue={searchParams.get("action") ?? ""}
            className="input mt-1"
          >
            <option value="">{t("audit.all")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {t(`auditActions.${a}`, { defaultValue: a })}
              </option>
            ))}
          </select>
        </div>
        <TextFilter name="actor" label={t("audit.actorContact")} value={searchParams.get("actor") ?? ""} />
        <div>
          <label htmlFor="audit-center" className="block text-sm font-medium">
            {t("audit.center")}
          </label>
          <select
            id="audit-center"
            name="center"
            defaultValue={searchParams.get("center") ?? ""}
            className="input mt-1"
          >
            <option value="">{t("audit.all")}</option>
            {centers.map((c) => (
              <option key={c.id} value={c.id}>
                {pick(c.nameZh, c.nameEn)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-target-type" className="block text-sm font-medium">
            {t("audit.targetType")}
          </label>
          <select
            id="audit-target-type"
            name="targetType"
            defaultValue={searchParams.get("targetType") ?? ""}
            className="input mt-1"
          >
            <option value="">{t("audit.all")}</option>
            {targetTypes.map((type) => (
              <option key={type} value={type}>
                {t(`auditTargets.${type}`, { defaultValue: type })}
              </option>
            ))}
          </select>
        </div>
        <TextFilter name="targetId" label={t("audit.targetId")} value={searchParams.get("targetId") ?? ""} />
        <div>
          <label htmlFor="audit-from" className="block text-sm font-medium">
            {t("audit.from")}
          </label>
          <input
            id="audit-from"
            type="date"
            name="from"
            defaultValue={searchParams.get("from") ?? ""}
            className="input mt-1"
          />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-sm font-medium">
            {t("audit.to")}
          </label>
          <input
            id="audit-to"
            type="date"
            name="to"
            defaultValue={searchParams.get("to") ?? ""}
            className="input mt-1"
          />
        </div>
        <button type="submit" className="btn">
          {t("audit.filter")}
        </button>
      </Form>
      {invalidFilter ? (
        <p role="alert" className="text-sm text-red-700">
          {t("audit.invalidFilter")}
        </p>
      ) : null}
      <section className="card overflow-x-auto" aria-label={t("audit.title")}>
        <DataTable
          rows={entries}
          rowKey={(e) => e.id}
          empty={<p className="text-slate-600">{t("audit.empty")}</p>}
          rowClassName="align-top"
          columns={[
            {
              header: t("audit.time"),
              cell: (e) => formatDateTime(e.createdAt, language),
              className: "whitespace-nowrap",
            },
            { header: t("audit.actor"), cell: (e) => e.actorName ?? "—" },
            { header: t("audit.action"), cell: (e) => t(`auditActions.${e.action}`, { defaultValue: e.action }) },
            {
              header: t("audit.target"),
              cell: (e) => (
                <>
                  {t(`auditTargets.${e.targetType}`, { defaultValue: e.targetType })}{" "}
                  <span className="font-mono text-xs" title={e.targetId}>
                    {e.targetId.slice(0, 8)}
                  </span>
                </>
              ),
            },
            { header: t("audit.changes"), cell: (e) => <Changes changes={e.changes} /> },
          ]}
        />
      </section>
      <nav aria-label={t("audit.pages")} className="flex gap-3">
        {page > 1 ? (
          <Link className="btn-secondary" to={pageLink(page - 1)}>
            {t("audit.previous")}
          </Link>
        ) : null}
        {hasMore ? (
          <Link className="btn-secondary" to={pageLink(page + 1)}>
            {t("audit.next")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
