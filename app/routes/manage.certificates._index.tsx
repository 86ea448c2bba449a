import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CertificateStatusBadge } from "~/components/certificate-card";
import { PageHeader } from "~/components/forms";
import { formatDate, isLanguage } from "~/i18n/config";
import { requirePermission } from "~/modules/auth/index.server";
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
    rows: rows.map((c) => ({ id: c.id, serial: c.serial, holder: c.holder, levelNameZh: c.record.levelNameZh, levelNameEn: c.record.levelNameEn, issuedOn: c.record.issuedOn, status: c.status })),
  };
}

export default function CertificatesAdmin() {
  const { t, i18n } = useTranslation();
  const { q, rows } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
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
        {rows.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("certificates.admin.empty")}</p>
        ) : (
          <table className="mt-3 w-full text-left text-sm">
            <thead className="border-b text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4">{t("certificates.serial")}</th>
                <th scope="col" className="py-2 pr-4">{t("certificates.holder")}</th>
                <th scope="col" className="py-2 pr-4">{t("certificates.level")}</th>
                <th scope="col" className="py-2 pr-4">{t("certificates.issuedOn")}</th>
                <th scope="col" className="py-2 pr-4">{t("cohorts.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} className="border-b last:border-0">
                  <td className="py-2 pr-4 tabular-nums">
                    <Link className="link" to={`/manage/certificates/${c.id}`}>
                      {c.serial}
                    </Link>
                  </td>
                  <td className="py-2 pr-4">{c.holder}</td>
                  <td className="py-2 pr-4">{en ? c.levelNameEn : c.levelNameZh}</td>
                  <td className="py-2 pr-4 tabular-nums">{formatDate(c.issuedOn, language)}</td>
                  <td className="py-2 pr-4">
                    <CertificateStatusBadge status={c.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
