import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { CaseStatusBadge, PortfolioCaseForm, type CaseFormValues } from "~/components/portfolio-case-form";
import { formatDate, formatDateTime, isLanguage } from "~/i18n/config";
import { requirePermission } from "~/modules/auth/index.server";
import { formatYuan } from "~/modules/portfolio";
import { parseCaseForm, shanghaiToday, type CaseFormErrors } from "~/modules/portfolio";
import { createCase, listOwnCases } from "~/modules/portfolio/index.server";
import { portfolioProgress } from "~/modules/portfolio/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "portfolio.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const database = await db();
  const [cases, progress] = await Promise.all([listOwnCases(database, user.id), portfolioProgress(database, user.id)]);
  return { cases: cases.map((c) => ({ ...c, updatedAt: c.updatedAt.toISOString() })), progress };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const values = Object.fromEntries([...(await request.formData())].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const parsed = parseCaseForm(values, shanghaiToday());
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const caseId = await createCase(await db(), user, parsed.input);
  return redirect(`/portfolio/${caseId}?created=1`);
}

export default function PortfolioPage() {
  const { t, i18n } = useTranslation();
  const { cases, progress } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { errors: CaseFormErrors; values: CaseFormValues } | undefined;
  const en = i18n.language === "en";
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  return (
    <div className="space-y-6">
      <PageHeader title={t("portfolio.title")} />
      <p className="max-w-3xl text-slate-700">{t("portfolio.intro")}</p>

      <section className="card" aria-labelledby="requirements-heading">
        <h2 id="requirements-heading" className="text-lg font-semibold">
          {t("portfolio.requirements")}
        </h2>
        {progress.length === 0 ? <p className="mt-2 text-slate-600">{t("portfolio.noRequirements")}</p> : null}
        <div className="mt-3 grid gap-4 md:grid-cols-2">
          {progress.map((level) => (
            <div key={level.slug} className="rounded-md border border-slate-200 p-4">
              <h3 className="font-semibold text-brand-800">{en ? level.nameEn : level.nameZh}</h3>
              {level.casesRequired > 0 ? (
                <p className="mt-2 text-sm">
                  {t("portfolio.casesProgress", { done: level.approvedCases, required: level.casesRequired })}
                  {level.approvedCases >= level.casesRequired ? <span className="ml-2 text-green-800">✓ {t("portfolio.casesMet")}</span> : null}
                </p>
              ) : null}
              {level.defenceRequired ? (
                <div className="mt-2 text-sm">
                  <p>
                    {t("portfolio.defence")}：{level.defences.length === 0 ? t("portfolio.defenceNone") : null}
                  </p>
                  <ul className="mt-1 space-y-2">
                    {level.defences.map((d) => (
                      <li key={d.id} className="rounded bg-slate-50 p-2">
                        <p className={d.result === "passed" ? "font-medium text-green-800" : "font-medium text-red-800"}>
                          {t("portfolio.defenceOutcome", { date: formatDate(d.heldOn, language), result: t(`portfolio.result.${d.result}`) })}
                        </p>
                        {d.panel ? (
                          <p className="text-slate-700">
                            {t("portfolio.panel")}：{d.panel}
                          </p>
                        ) : null}
                        {d.comment ? (
                          <p className="whitespace-pre-line text-slate-700">
                            {t("portfolio.comment")}：{d.comment}
                          </p>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </div>
          ))}
        </div>
      </section>

      <section className="card overflow-x-auto" aria-labelledby="cases-heading">
        <h2 id="cases-heading" className="text-lg font-semibold">
          {t("portfolio.myCases")}
        </h2>
        {cases.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("portfolio.noCases")}</p>
        ) : (
          <table className="mt-3 w-full text-left text-sm">
            <thead className="border-b text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4">{t("portfolio.columns.title")}</th>
                <th scope="col" className="py-2 pr-4">{t("portfolio.columns.contractType")}</th>
                <th scope="col" className="py-2 pr-4">{t("portfolio.columns.amount")}</th>
                <th scope="col" className="py-2 pr-4">{t("portfolio.columns.files")}</th>
                <th scope="col" className="py-2 pr-4">{t("portfolio.columns.status")}</th>
                <th scope="col" className="py-2 pr-4">{t("portfolio.columns.updatedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.id} className="border-b align-top last:border-0">
                  <td className="py-2 pr-4">
                    <Link className="link" to={`/portfolio/${c.id}`}>
                      {c.title}
                    </Link>
                    {c.status === "returned" && c.reviewComment ? (
                      <p className="mt-1 text-red-800">
                        {t("portfolio.reviewComment")}：{c.reviewComment}
                      </p>
                    ) : null}
                  </td>
                  <td className="py-2 pr-4">{t(`portfolio.contractTypes.${c.contractType}`)}</td>
                  <td className="py-2 pr-4 tabular-nums">{formatYuan(c.amountFen, language)}</td>
                  <td className="py-2 pr-4 tabular-nums">{c.files}</td>
                  <td className="py-2 pr-4">
                    <CaseStatusBadge status={c.status} />
                  </td>
                  <td className="py-2 pr-4 tabular-nums">{formatDateTime(c.updatedAt, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card max-w-3xl" aria-labelledby="new-case-heading">
        <h2 id="new-case-heading" className="text-lg font-semibold">
          {t("portfolio.newCase")}
        </h2>
        <PortfolioCaseForm intent="create" defaults={actionData?.values ?? {}} errors={actionData?.errors ?? {}} submitLabel={t("portfolio.create")} />
      </section>
    </div>
  );
}
