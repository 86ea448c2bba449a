import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { type ChangeStatus, listChanges } from "~/modules/content/index.server";
import { can } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "authoring.changes.title");

const VIEWS: Record<string, ChangeStatus[] | undefined> = {
  mine: ["draft", "returned", "submitted", "approved"],
  review: ["submitted"],
  publish: ["approved"],
  all: undefined,
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const requested = new URL(request.url).searchParams.get("view");
  // Each person starts where their work is: reviewers at what waits for review, admins at what waits to be published.
  const view =
    requested && requested in VIEWS
      ? requested
      : can(user, "publish:content")
        ? "publish"
        : can(user, "review:content")
          ? "review"
          : "mine";
  const rows = await listChanges(await db(), user, { statuses: VIEWS[view] });
  return { view, rows: view === "mine" ? rows.filter((r) => r.authorId === user.id) : rows };
}

export default function ChangesPage() {
  const { t } = useTranslation();
  const { view, rows } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { language } = useLocale();
  const tabs = [
    ["mine", t("authoring.changes.filterMine")],
    ["review", t("authoring.changes.filterReview")],
    ["publish", t("authoring.changes.filterPublish")],
    ["all", t("authoring.changes.filterAll")],
  ] as const;
  return (
    <div className="space-y-6">
      <PageHeader title={t("authoring.changes.title")}>
        <Link to="/manage/content/questions" className="btn-secondary">
          {t("authoring.bank.title")}
        </Link>
      </PageHeader>
      <p className="text-sm text-slate-600">{t("authoring.changes.hint")}</p>
      <nav aria-label={t("authoring.changes.title")} className="flex flex-wrap gap-2">
        {tabs.map(([key, label]) => (
          <Link
            key={key}
            to={`?view=${key}`}
            aria-current={view === key ? "page" : undefined}
            className={view === key ? "btn" : "btn-secondary"}
          >
            {label}
          </Link>
        ))}
      </nav>
      <section
        className="card overflow-x-auto"
        aria-label={t("authoring.changes.title")}
        data-view={params.get("view") ?? view}
      >
        <DataTable
          rows={rows}
          rowKey={(r) => r.id}
          empty={t("authoring.changes.none")}
          columns={[
            {
              header: t("authoring.changes.target"),
              cell: (r) => (
                <Link to={`/manage/content/changes/${r.id}`} className="font-mono text-brand-700 underline">
                  {r.targetLabel}
                </Link>
              ),
            },
            { header: t("authoring.changes.action"), cell: (r) => t(`authoring.actions.${r.action}`) },
            { header: t("authoring.changes.status"), cell: (r) => t(`authoring.statuses.${r.status}`) },
            { header: t("authoring.changes.author"), cell: (r) => r.authorName },
            {
              header: t("authoring.changes.updated"),
              cell: (r) => formatDateTime(r.updatedAt, language),
              className: "whitespace-nowrap",
            },
          ]}
        />
      </section>
    </div>
  );
}
