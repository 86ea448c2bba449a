import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
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
    trainees: list.trainees.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      openLinkUntil: r.openLinkUntil?.toISOString() ?? null,
    })),
  };
}

export default function PasswordlessTraineesPage() {
  const { t } = useTranslation();
  const { center, total, mobileOnly, trainees } = useLoaderData<typeof loader>();
  const { en, language } = useLocale();
  const linkState = (r: (typeof trainees)[number]) => {
    if (r.openLinkUntil)
      return t("enrolment.passwordless.openUntil", { until: formatDateTime(r.openLinkUntil, language) });
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
            <DataTable
              rows={trainees}
              rowKey={(r) => r.id}
              caption={t("enrolment.passwordless.caption")}
              columns={[
                {
                  header: t("enrolment.passwordless.name"),
                  rowHeader: true,
                  cell: (r) => (
                    <Link to={`/manage/organizations/${center.id}/trainees/${r.id}`} className="link">
                      {r.name}
                    </Link>
                  ),
                },
                { header: t("enrolment.passwordless.mobile"), cell: (r) => r.phone ?? "—", className: "tabular-nums" },
                { header: t("enrolment.passwordless.email"), cell: (r) => r.email ?? "—" },
                { header: t("enrolment.passwordless.added"), cell: (r) => formatDateTime(r.createdAt, language) },
                { header: t("enrolment.passwordless.linkState"), cell: (r) => linkState(r) },
                {
                  header: <span className="sr-only">{t("enrolment.passwordless.make")}</span>,
                  cell: (r) => (
                    <Link
                      to={`/manage/organizations/${center.id}/trainees/${r.id}/password-link`}
                      className="link"
                      aria-label={t("enrolment.passwordless.makeFor", { name: r.name })}
                    >
                      {t("enrolment.passwordless.make")}
                    </Link>
                  ),
                },
              ]}
            />
          </>
        )}
      </section>
    </div>
  );
}
