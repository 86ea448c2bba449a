import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { formatDateTime, isLanguage } from "~/i18n/config";
import { contentVersions } from "~/modules/learning/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "contentAdmin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { rows: await contentVersions(await db(), user) };
}

export default function ContentVersionsPage() {
  const { t, i18n } = useTranslation();
  const { rows } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  return (
    <div className="space-y-6">
      <PageHeader title={t("contentAdmin.title")} />
      <p className="text-sm text-slate-600">{t("contentAdmin.hint")}</p>
      <section className="card overflow-x-auto" aria-label={t("contentAdmin.title")}>
        <table className="w-full text-left text-sm">
          <thead className="border-b text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-4">{t("contentAdmin.course")}</th>
              <th scope="col" className="py-2 pr-4">{t("contentAdmin.lesson")}</th>
              <th scope="col" className="py-2 pr-4">{t("contentAdmin.version")}</th>
              <th scope="col" className="py-2 pr-4">{t("contentAdmin.loadedAt")}</th>
              <th scope="col" className="py-2 pr-4">{t("contentAdmin.status")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.courseSlug}/${r.lessonSlug}`} className="border-b last:border-0">
                <td className="py-2 pr-4">{en ? r.courseTitleEn : r.courseTitleZh}</td>
                <td className="py-2 pr-4">
                  {r.position}. {en ? r.titleEn : r.titleZh}
                </td>
                <td className="py-2 pr-4 tabular-nums">v{r.version}</td>
                <td className="whitespace-nowrap py-2 pr-4">{formatDateTime(r.loadedAt, language)}</td>
                <td className="py-2 pr-4">
                  {r.lessonRetiredAt || r.courseRetiredAt ? t("contentAdmin.retired") : t("contentAdmin.active")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
