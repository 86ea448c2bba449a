import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { levelsForEditor } from "~/modules/content/index.server";
import { can } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "curriculum.levels.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { levels: await levelsForEditor(await db(), user), canAuthor: can(user, "author:content") };
}

export default function LevelsPage() {
  const { t } = useTranslation();
  const { en } = useLocale();
  const { levels, canAuthor } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader title={t("curriculum.levels.title")}>
        <Link to="/manage/content/changes" className="btn-secondary">
          {t("curriculum.hub.changes")}
        </Link>
      </PageHeader>
      <p className="text-sm text-slate-600">{t("curriculum.levels.hint")}</p>
      <section className="card overflow-x-auto" aria-label={t("curriculum.levels.title")}>
        <DataTable
          rows={levels}
          rowKey={(r) => r.slug}
          columns={[
            { header: t("curriculum.levels.level"), cell: (r) => (en ? r.nameEn : r.nameZh) },
            { header: t("curriculum.levels.version"), cell: (r) => `v${r.version}`, className: "tabular-nums" },
            {
              header: t("curriculum.levels.exam"),
              cell: (r) =>
                r.level.exam
                  ? t("curriculum.levels.examSummary", {
                      minutes: r.level.exam.durationMinutes,
                      pass: r.level.exam.passPercent,
                      sections: r.level.exam.sections.length,
                    })
                  : t("curriculum.levels.noExam"),
            },
            {
              header: "",
              cell: (r) =>
                canAuthor ? (
                  <Link to={`/manage/content/levels/${r.slug}`} className="underline">
                    {t("curriculum.levels.edit")}
                    <span className="sr-only"> {en ? r.nameEn : r.nameZh}</span>
                  </Link>
                ) : null,
            },
          ]}
        />
      </section>
    </div>
  );
}
