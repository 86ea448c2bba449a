import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { CaseStatusBadge, PortfolioCaseForm, type CaseFormValues } from "~/components/portfolio-case-form";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatDateTime } from "~/i18n/config";
import { requirePermission } from "~/modules/orgs/index.server";
import { caseFormSchema, formatYuan } from "~/modules/portfolio";
import { chinaDate } from "~/utils/china-time";
import { createCase, listOwnCases, portfolioProgress } from "~/modules/portfolio/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { typedValues } from "~/utils/form-reply";
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
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: caseFormSchema(chinaDate()) });
  if (submission.status !== "success")
    return data({ result: submission.reply(), values: typedValues(formData) }, { status: 400 });
  const caseId = await createCase(await db(), user, submission.value);
  return redirect(`/portfolio/${caseId}?created=1`);
}

export default function PortfolioPage() {
  const { t } = useTranslation();
  const { cases, progress } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    { result: SubmissionResult<string[]>; values: CaseFormValues } | undefined;
  const { en, language } = useLocale();
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
                  {level.approvedCases >= level.casesRequired ? (
                    <span className="ml-2 text-green-800">✓ {t("portfolio.casesMet")}</span>
                  ) : null}
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
                        <p
                          className={d.result === "passed" ? "font-medium text-green-800" : "font-medium text-red-800"}
                        >
                          {t("portfolio.defenceOutcome", {
                            date: formatDate(d.heldOn, language),
                            result: t(`portfolio.result.${d.result}`),
                          })}
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
        <DataTable
          rows={cases}
          rowKey={(c) => c.id}
          empty={<p className="mt-2 text-slate-600">{t("portfolio.noCases")}</p>}
          className="mt-3"
          rowClassName="align-top"
          columns={[
            {
              header: t("portfolio.columns.title"),
              cell: (c) => (
                <>
                  <Link className="link" to={`/portfolio/${c.id}`}>
                    {c.title}
                  </Link>
                  {c.status === "returned" && c.reviewComment ? (
                    <p className="mt-1 text-red-800">
                      {t("portfolio.reviewComment")}：{c.reviewComment}
                    </p>
                  ) : null}
                </>
              ),
            },
            {
              header: t("portfolio.columns.contractType"),
              cell: (c) => t(`portfolio.contractTypes.${c.contractType}`),
            },
            {
              header: t("portfolio.columns.amount"),
              cell: (c) => formatYuan(c.amountFen, language),
              className: "tabular-nums",
            },
            { header: t("portfolio.columns.files"), cell: (c) => c.files, className: "tabular-nums" },
            { header: t("portfolio.columns.status"), cell: (c) => <CaseStatusBadge status={c.status} /> },
            {
              header: t("portfolio.columns.updatedAt"),
              cell: (c) => formatDateTime(c.updatedAt, language),
              className: "tabular-nums",
            },
          ]}
        />
      </section>

      <section className="card max-w-3xl" aria-labelledby="new-case-heading">
        <h2 id="new-case-heading" className="text-lg font-semibold">
          {t("portfolio.newCase")}
        </h2>
        <PortfolioCaseForm
          intent="create"
          defaults={actionData?.values ?? {}}
          lastResult={actionData?.result}
          submitLabel={t("portfolio.create")}
        />
      </section>
    </div>
  );
}
