import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LevelOptions, PageHeader } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { requestItemStatisticsRefresh, storedItemStatistics } from "~/modules/exams/index.server";
import { formatDateTime } from "~/i18n/config";
import { mayOpenEditor, questionLabels } from "~/modules/content/index.server";
import { useLocale } from "~/hooks/use-locale";
import { requireUser } from "~/utils/auth.server";
import { examStatsRequest } from "~/utils/exam-stats-request.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "examStats.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { database, levels, levelSlug, centerId } = await examStatsRequest(request, user);
  // The figures as the item-statistics job last computed them (docs/statistics.md), not a query over every answer.
  const stats = await storedItemStatistics(database, user, levelSlug, centerId);
  // Each item with its stem and topic name, and a way to the editor for those who may revise or retire it.
  const labels = await questionLabels(
    database,
    stats.items.map((i) => i.questionId),
  );
  const items = stats.items.map((i) => ({
    ...i,
    stem: labels.get(i.questionId)?.stem ?? "",
    topicZh: labels.get(i.questionId)?.topicZh ?? null,
    topicEn: labels.get(i.questionId)?.topicEn ?? null,
  }));
  return {
    canOpenEditor: mayOpenEditor(user),
    levels: levels.map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn })),
    levelSlug,
    centerId: centerId ?? null,
    stats: { ...stats, items },
  };
}

/** "重新计算": queues the item-statistics job, for whoever may see the figures of this scope. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { centerId } = await examStatsRequest(request, user);
  requestItemStatisticsRefresh(user, centerId);
  return { queued: true };
}

const fmt = (n: number | null, digits = 2) => (n === null || Number.isNaN(n) ? "—" : n.toFixed(digits));

export default function ExamStatsPage() {
  const { t } = useTranslation();
  const { levels, levelSlug, centerId, stats, canOpenEditor } = useLoaderData<typeof loader>();
  const queued = useActionData<typeof action>()?.queued;
  const busy = useNavigation().state === "submitting";
  const { en, language } = useLocale();
  const query = new URLSearchParams({ level: levelSlug, ...(centerId ? { center: centerId } : {}) });
  return (
    <div className="space-y-6">
      <PageHeader title={t("examStats.title")}>
        <span className="text-sm text-slate-600">
          {stats.computedAt
            ? t("examStats.computedAt", { time: formatDateTime(stats.computedAt, language) })
            : t("examStats.computing")}
        </span>
        <Form method="post" action={`/manage/exam-stats?${query}`}>
          <button type="submit" className="btn-secondary" disabled={busy}>
            {t("examStats.recompute")}
          </button>
        </Form>
        <a className="btn-secondary" href={`/manage/exam-stats.csv?${query}`} download>
          {t("examStats.exportCsv")}
        </a>
        <a className="btn-secondary" href={`/manage/exam-stats.xlsx?${query}`} download>
          {t("examStats.exportXlsx")}
        </a>
      </PageHeader>
      {queued ? (
        <p role="status" className="card text-sm">
          {t("examStats.recomputeQueued")}
        </p>
      ) : null}
      <Form method="get" className="card flex flex-wrap items-end gap-3">
        {centerId ? <input type="hidden" name="center" value={centerId} /> : null}
        <div>
          <label htmlFor="stats-level" className="block text-sm font-medium">
            {t("staffLearn.level")}
          </label>
          <select id="stats-level" name="level" defaultValue={levelSlug} className="input mt-1">
            <LevelOptions levels={levels} />
          </select>
        </div>
        <button type="submit" className="btn">
          {t("audit.filter")}
        </button>
      </Form>
      <section className="card grid gap-4 sm:grid-cols-2" aria-label={t("examStats.summary")}>
        <p>{t("examStats.attempts", { count: stats.attempts })}</p>
        <p>{t("examStats.alpha", { value: fmt(stats.alpha) })}</p>
        <table className="text-sm sm:col-span-2">
          <caption className="text-left font-semibold">{t("examStats.distribution")}</caption>
          <thead>
            <tr>
              {stats.distribution.map((_, i) => (
                <th key={i} scope="col" className="px-2 py-1 text-left font-normal text-slate-600">
                  {i * 10}–{i === 9 ? 100 : i * 10 + 9}%
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {stats.distribution.map((n, i) => (
                <td key={i} className="px-2 py-1 tabular-nums">
                  {n}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </section>
      <section className="card overflow-x-auto" aria-label={t("examStats.items")}>
        <DataTable
          rows={stats.items}
          rowKey={(item) => item.questionId}
          empty={<p className="text-slate-600">{t("examStats.empty")}</p>}
          columns={[
            { header: t("examStats.topic"), cell: (item) => (en ? item.topicEn : item.topicZh) ?? item.topic },
            {
              header: t("examStats.question"),
              cell: (item) => (
                <>
                  {canOpenEditor ? (
                    <Link
                      to={`/manage/content/questions/${item.questionId}`}
                      className="font-mono text-brand-700 underline"
                    >
                      {item.externalId}
                    </Link>
                  ) : (
                    <span className="font-mono">{item.externalId}</span>
                  )}
                  <span className="mt-0.5 block max-w-md text-sm text-slate-700">{item.stem}</span>
                </>
              ),
            },
            { header: t("examStats.type"), cell: (item) => t(`exams.types.${item.type}`) },
            { header: t("examStats.used"), cell: (item) => item.used, className: "tabular-nums" },
            { header: t("examStats.facility"), cell: (item) => fmt(item.facility), className: "tabular-nums" },
            {
              header: t("examStats.discrimination"),
              cell: (item) => fmt(item.discrimination),
              className: "tabular-nums",
            },
          ]}
        />
      </section>
    </div>
  );
}
