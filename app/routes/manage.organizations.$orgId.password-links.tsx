import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { formatDateTime, isLanguage } from "~/i18n/config";
import { traineesWithoutPassword } from "~/modules/enrolment/index.server";
import { requireCenter } from "~/utils/center.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "enrolment.passwordless.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const list = await traineesWithoutPassword(database, user, center);
  return {
    center,
    total: list.total,
    mobileOnly: list.mobileOnly,
    trainees: list.trainees.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), openLinkUntil: r.openLinkUntil?.toISOString() ?? null })),
  };
}

export default function PasswordlessTraineesPage() {
  const { t, i18n } = useTranslation();
  const { center, total, mobileOnly, trainees } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  const linkState = (r: (typeof trainees)[number]) => {
    if (r.openLinkUntil) return t("enrolment.passwordless.openUntil", { until: formatDateTime(r.openLinkUntil, language) });
    return r.email ? t("enrolment.passwordless.emailed") : t("enrolment.passwordless.none");
  };
  return (
    <div className="space-y-6">
      <PageHeader title={`${en ? center.nameEn : center.nameZh} · ${t("enrolment.passwordless.title")}`}>
        <Link to={`/manage/organizations/${center.id}`} className="link text-sm">
          {t("enrolment.back")}
        </Link>
      </PageHeader>
      <section className="card space-y-3" aria-labelledby="passwordless-heading">
        <h2 id="passwordless-heading" className="sr-only">
          {t("enrolment.passwordless.caption")}
        </h2>
        <p className="text-sm">{t("enrolment.passwordless.intro")}</p>
        {total === 0 ? (
          <p className="text-slate-600">{t("enrolment.passwordless.empty")}</p>
        ) : (
          <>
            <p className="text-sm font-medium">
              {t("enrolment.passwordless.counts", { total, mobileOnly })}
              {total > trainees.length ? ` ${t("enrolment.passwordless.shown", { shown: trainees.length })}` : ""}
            </p>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">{t("enrolment.passwordless.caption")}</caption>
                <thead className="border-b text-slate-600">
                  <tr>
                    <th scope="col" className="py-2 pr-4">{t("enrolment.passwordless.name")}</th>
                    <th scope="col" className="py-2 pr-4">{t("enrolment.passwordless.mobile")}</th>
                    <th scope="col" className="py-2 pr-4">{t("enrolment.passwordless.email")}</th>
                    <th scope="col" className="py-2 pr-4">{t("enrolment.passwordless.added")}</th>
                    <th scope="col" className="py-2 pr-4">{t("enrolment.passwordless.linkState")}</th>
                    <th scope="col" className="py-2 pr-4"><span className="sr-only">{t("enrolment.passwordless.make")}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {trainees.map((r) => (
                    <tr key={r.id} className="border-b last:border-0">
                      <th scope="row" className="py-2 pr-4 font-normal">
                        <Link to={`/manage/organizations/${center.id}/trainees/${r.id}`} className="link">
                          {r.name}
                        </Link>
                      </th>
                      <td className="py-2 pr-4 tabular-nums">{r.phone ?? "—"}</td>
                      <td className="py-2 pr-4">{r.email ?? "—"}</td>
                      <td className="py-2 pr-4">{formatDateTime(r.createdAt, language)}</td>
                      <td className="py-2 pr-4">{linkState(r)}</td>
                      <td className="py-2 pr-4">
                        <Link to={`/manage/organizations/${center.id}/trainees/${r.id}/password-link`} className="link" aria-label={t("enrolment.passwordless.makeFor", { name: r.name })}>
                          {t("enrolment.passwordless.make")}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
