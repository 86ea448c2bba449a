import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CertificateStatusBadge } from "~/components/certificate-card";
import { PageHeader } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDate } from "~/i18n/config";
import { requirePermission } from "~/modules/orgs/index.server";
import { searchCertificates } from "~/modules/certificates/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "certificates.admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const rows = await searchCertificates(await db(), user, q);
  return {
    q,
    rows: rows.map((c) => ({
      id: c.id,
      serial: c.serial,
      holder: c.holder,
      levelNameZh: c.record.levelNameZh,
      levelNameEn: c.record.levelNameEn,
      issuedOn: c.record.issuedOn,
      status: c.status,
    })),
  };
}

export default function CertificatesAdmin() {
  const { t } = useTranslation();
  const { q, rows } = useLoaderData<typeof loader>();
  const { en, language } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={t("certificates.admin.title")} />
      <Form method="get" className="card flex flex-wrap items-end gap-3" role="search">
        <div className="grow">
          <label htmlFor="certificate-q" className="block text-sm font-medium">
            {t("certificates.admin.search")}
          </label>
          <input id="certificate-q" name="q" defaultValue={q} className="input mt-1" maxLength={100} />
        </div>
        <button type="submit" className="btn">
          {t("certificates.admin.searchButton")}
        </button>
      </Form>
      <section className="card overflow-x-auto" aria-labelledby="certificate-results">
        <h2 id="certificate-results" className="text-lg font-semibold">
          {t("certificates.admin.results")}
        </h2>
        <DataTable
          rows={rows}
          rowKey={(c) => c.id}
          empty={<p className="mt-2 text-slate-600">{t("certificates.admin.empty")}</p>}
          className="mt-3"
          columns={[
            {
              header: t("certificates.serial"),
              cell: (c) => (
                <Link className="link" to={`/manage/certificates/${c.id}`}>
                  {c.serial}
                </Link>
              ),
              className: "tabular-nums",
            },
            { header: t("certificates.holder"), cell: (c) => c.holder },
            { header: t("certificates.level"), cell: (c) => (en ? c.levelNameEn : c.levelNameZh) },
            {
              header: t("certificates.issuedOn"),
              cell: (c) => formatDate(c.issuedOn, language),
              className: "tabular-nums",
            },
            { header: t("cohorts.status"), cell: (c) => <CertificateStatusBadge status={c.status} /> },
          ]}
        />
      </section>
    </div>
  );
}
