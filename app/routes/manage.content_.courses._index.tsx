import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { coursesForEditor } from "~/modules/content/index.server";
import { can } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "curriculum.courses.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { courses: await coursesForEditor(await db(), user), canAuthor: can(user, "author:content") };
}

export default function CoursesPage() {
  const { t } = useTranslation();
  const { en } = useLocale();
  const { courses, canAuthor } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader title={t("curriculum.courses.title")}>
        {canAuthor ? (
          <Link to="/manage/content/courses/new" className="btn">
            {t("curriculum.courses.newCourse")}
          </Link>
        ) : null}
        <Link to="/manage/content/changes" className="btn-secondary">
          {t("curriculum.hub.changes")}
        </Link>
      </PageHeader>
      <p className="text-sm text-slate-600">{t("curriculum.courses.hint")}</p>
      <section className="card overflow-x-auto" aria-label={t("curriculum.courses.title")}>
        <DataTable
          rows={courses}
          rowKey={(r) => r.id}
          columns={[
            { header: t("curriculum.courses.level"), cell: (r) => r.levelSlug },
            {
              header: t("curriculum.courses.course"),
              cell: (r) => (
                <Link to={`/manage/content/courses/${r.id}`} className="underline">
                  {en ? r.titleEn : r.titleZh}
                </Link>
              ),
            },
            { header: t("curriculum.courses.module"), cell: (r) => r.module },
            { header: t("curriculum.courses.lessons"), cell: (r) => r.lessons, className: "tabular-nums" },
            { header: t("curriculum.courses.version"), cell: (r) => `v${r.version}`, className: "tabular-nums" },
            {
              header: t("curriculum.courses.status"),
              cell: (r) =>
                [
                  r.retired ? t("curriculum.courses.retired") : t("curriculum.courses.active"),
                  r.pending ? t("curriculum.courses.pending") : null,
                ]
                  .filter(Boolean)
                  .join(" · "),
            },
          ]}
        />
      </section>
    </div>
  );
}
