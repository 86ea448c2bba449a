import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { contentVersions } from "~/modules/content/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "contentAdmin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { rows: await contentVersions(await db(), user) };
}

export default function ContentVersionsPage() {
  const { t } = useTranslation();
  const { rows } = useLoaderData<typeof loader>();
  const { en, language } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={t("contentAdmin.title")} />
      <nav aria-label={t("contentAdmin.title")} className="flex flex-wrap gap-3">
        <Link to="/manage/content/questions" className="btn-secondary">
          {t("curriculum.hub.questions")}
        </Link>
        <Link to="/manage/content/levels" className="btn-secondary">
          {t("curriculum.hub.levels")}
        </Link>
        <Link to="/manage/content/courses" className="btn-secondary">
          {t("curriculum.hub.courses")}
        </Link>
        <Link to="/manage/content/changes" className="btn-secondary">
          {t("curriculum.hub.changes")}
        </Link>
      </nav>
      <p className="text-sm text-slate-600">{t("contentAdmin.hint")}</p>
      <section className="card overflow-x-auto" aria-label={t("contentAdmin.title")}>
        <DataTable
          rows={rows}
          rowKey={(r) => `${r.courseSlug}/${r.lessonSlug}`}
          columns={[
            { header: t("contentAdmin.course"), cell: (r) => (en ? r.courseTitleEn : r.courseTitleZh) },
            {
              header: t("contentAdmin.lesson"),
              cell: (r) => (
                <>
                  {r.position}. {en ? r.titleEn : r.titleZh}
                </>
              ),
            },
            { header: t("contentAdmin.version"), cell: (r) => `v${r.version}`, className: "tabular-nums" },
            {
              header: t("contentAdmin.loadedAt"),
              cell: (r) => formatDateTime(r.loadedAt, language),
              className: "whitespace-nowrap",
            },
            {
              header: t("contentAdmin.status"),
              cell: (r) =>
                r.lessonRetiredAt || r.courseRetiredAt ? t("contentAdmin.retired") : t("contentAdmin.active"),
            },
          ]}
        />
      </section>
    </div>
  );
}
