import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { QUESTION_TYPES, questionSearchSchema } from "~/modules/content";
import { listQuestionTopics, searchQuestions } from "~/modules/content/index.server";
import { can } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "authoring.bank.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const parsed = questionSearchSchema.safeParse(params);
  const search = parsed.success ? parsed.data : {};
  const database = await db();
  const [result, topics] = await Promise.all([searchQuestions(database, user, search), listQuestionTopics(database)]);
  return { ...result, topics, search, canAuthor: can(user, "author:content") };
}

export default function QuestionBankPage() {
  const { t } = useTranslation();
  const { rows, total, page, pageSize, topics, search, canAuthor } = useLoaderData<typeof loader>();
  const { en } = useLocale();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pageLink = (p: number) => {
    const query = new URLSearchParams(Object.entries({ ...search, page: String(p) }).map(([k, v]) => [k, String(v)]));
    return `?${query}`;
  };
  const levels = [...new Set(topics.map((tp) => tp.levelSlug))];
  return (
    <div className="space-y-6">
      <PageHeader title={t("authoring.bank.title")}>
        <div className="flex flex-wrap gap-2">
          {canAuthor ? (
            <Link to="/manage/content/questions/new" className="btn">
              {t("authoring.bank.newQuestion")}
            </Link>
          ) : null}
          <Link to="/manage/content/changes" className="btn-secondary">
            {t("authoring.bank.changes")}
          </Link>
          <Link to="/manage/content/levels" className="btn-secondary">
            {t("curriculum.hub.levels")}
          </Link>
          <Link to="/manage/content/courses" className="btn-secondary">
            {t("curriculum.hub.courses")}
          </Link>
          {canAuthor ? (
            <>
              <Link to="/manage/content/questions/import" className="btn-secondary">
                {t("authoring.bank.import")}
              </Link>
              <a href="/manage/content/questions/export.csv" className="btn-secondary" download>
                {t("authoring.bank.exportCsv")}
              </a>
              <a href="/manage/content/questions/export.xlsx" className="btn-secondary" download>
                {t("authoring.bank.exportXlsx")}
              </a>
            </>
          ) : null}
        </div>
      </PageHeader>
      <p className="text-sm text-slate-600">{t("authoring.bank.hint")}</p>
      <Form
        method="get"
        className="card grid gap-3 sm:grid-cols-3 lg:grid-cols-6"
        aria-label={t("authoring.bank.filters")}
      >
        <div>
          <label htmlFor="f-level" className="block text-sm font-medium">
            {t("authoring.bank.level")}
          </label>
          <select id="f-level" name="level" defaultValue={search.level ?? ""} className="input mt-1">
            <option value="">{t("authoring.bank.any")}</option>
            {levels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-topic" className="block text-sm font-medium">
            {t("authoring.bank.topic")}
          </label>
          <select id="f-topic" name="topic" defaultValue={search.topic ?? ""} className="input mt-1">
            <option value="">{t("authoring.bank.any")}</option>
            {topics.map((tp) => (
              <option key={`${tp.levelSlug}/${tp.topic}`} value={tp.topic}>
                {en ? tp.titleEn : tp.titleZh}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-type" className="block text-sm font-medium">
            {t("authoring.bank.type")}
          </label>
          <select id="f-type" name="type" defaultValue={search.type ?? ""} className="input mt-1">
            <option value="">{t("authoring.bank.any")}</option>
            {QUESTION_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`authoring.types.${ty}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-status" className="block text-sm font-medium">
            {t("authoring.bank.status")}
          </label>
          <select id="f-status" name="status" defaultValue={search.status ?? ""} className="input mt-1">
            <option value="">{t("authoring.bank.any")}</option>
            <option value="active">{t("authoring.bank.active")}</option>
            <option value="retired">{t("authoring.bank.retired")}</option>
            <option value="pending">{t("authoring.bank.pending")}</option>
          </select>
        </div>
        <div>
          <label htmlFor="f-text" className="block text-sm font-medium">
            {t("authoring.bank.text")}
          </label>
          <input id="f-text" name="text" type="search" defaultValue={search.text ?? ""} className="input mt-1" />
        </div>
        <div className="flex items-end">
          <button type="submit" className="btn w-full">
            {t("authoring.bank.search")}
          </button>
        </div>
      </Form>
      <section className="card overflow-x-auto" aria-label={t("authoring.bank.title")}>
        <p className="mb-3 text-sm text-slate-600">{t("authoring.bank.results", { count: total })}</p>
        <DataTable
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            {
              header: t("authoring.bank.id"),
              cell: (r) => (
                <Link to={`/manage/content/questions/${r.id}`} className="font-mono text-brand-700 underline">
                  {r.externalId}
                </Link>
              ),
            },
            {
              header: t("authoring.bank.topic"),
              cell: (r) => `${r.levelSlug} · ${(en ? r.topicEn : r.topicZh) ?? r.topic}`,
            },
            { header: t("authoring.bank.type"), cell: (r) => t(`authoring.types.${r.type}`) },
            { header: t("authoring.bank.stem"), cell: (r) => <span className="line-clamp-2">{r.stem}</span> },
            { header: t("authoring.bank.difficulty"), cell: (r) => r.difficulty, className: "tabular-nums" },
            { header: t("authoring.bank.version"), cell: (r) => `v${r.version}`, className: "tabular-nums" },
            {
              header: t("authoring.bank.status"),
              cell: (r) => (r.retiredAt ? t("authoring.bank.retired") : t("authoring.bank.active")),
            },
          ]}
        />
        <nav className="mt-4 flex items-center gap-3 text-sm" aria-label={t("authoring.bank.page", { page, pages })}>
          {page > 1 ? (
            <Link to={pageLink(page - 1)} className="btn-secondary">
              {t("authoring.bank.previous")}
            </Link>
          ) : null}
          <span>{t("authoring.bank.page", { page, pages })}</span>
          {page < pages ? (
            <Link to={pageLink(page + 1)} className="btn-secondary">
              {t("authoring.bank.next")}
            </Link>
          ) : null}
        </nav>
      </section>
    </div>
  );
}
