import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { cohortStatus } from "~/modules/cohorts";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  DashboardSection,
  ExportLinks,
  Overview,
  Pagination,
  rate,
  Select,
  TrainedByYearChart,
  useLevelName,
} from "~/components/dashboard-parts";
import { PageHeader } from "~/components/forms";
import { ChartWithTable, describeSeries } from "~/components/statistics-charts";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDate } from "~/i18n/config";
import { centerDashboard, CERT_STATUSES, EXAM_STATUSES } from "~/modules/statistics/index.server";
import { parseTraineeFilters, type TraineeFilters } from "~/modules/statistics";
import { requireStatisticsCenter } from "~/utils/statistics-scope.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "dashboards.centerTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await requireStatisticsCenter(request, params.orgId);
  const filters = parseTraineeFilters(request.url);
  const dashboard = await centerDashboard(database, user, center, filters);
  return { center, filters, examStatuses: EXAM_STATUSES, certStatuses: CERT_STATUSES, ...dashboard };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function CenterDashboard() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { center, levels, totals, years, cohorts } = data;
  const { en } = useLocale();
  // The chart shows the twelve latest cohorts; the table below lists them all.
  const recent = cohorts.slice(0, 12).reverse();
  const bandLabels = [0, 1, 2, 3].map((b) => t(`dashboards.columns.band${b}`));
  const bandSeries = bandLabels.map((label, b) => ({
    key: `band${b}`,
    label,
    values: recent.map((c) => c.progress[b] ?? 0),
  }));
  return (
    <div className="space-y-6">
      <PageHeader title={`${en ? center.nameEn : center.nameZh} · ${t("dashboards.centerTitle")}`}>
        <Link to={`/manage/organizations/${center.id}`} className="link text-sm">
          {en ? center.nameEn : center.nameZh}
        </Link>
      </PageHeader>

      <Overview levels={levels} byLevel={totals.byLevel} total={totals.total}>
        <TrainedByYearChart levels={levels} years={years} />
      </Overview>

      <Filters data={data} />

      <DashboardSection
        id="cohorts"
        title={t("dashboards.sections.cohorts")}
        exports={<ExportsFor table="cohorts" centerId={center.id} />}
      >
        {cohorts.length === 0 ? (
          <p className="text-slate-600">{t("dashboards.noCohorts")}</p>
        ) : (
          <>
            <ChartWithTable
              id="cohort-progress"
              title={t("dashboards.charts.progress")}
              summary={t("dashboards.charts.progressSummary", {
                summary: describeSeries(
                  recent.map((c) => c.name),
                  bandSeries,
                ),
              })}
              categoryLabel={t("dashboards.columns.cohort")}
              categories={recent.map((c) => c.name)}
              series={bandSeries}
              stacked
            />
            <CohortTable data={data} />
          </>
        )}
      </DashboardSection>

      <TraineeSection data={data} />
    </div>
  );
}

function ExportsFor({ table, centerId }: { table: string; centerId: string }) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  return (
    <ExportLinks
      base={`/manage/organizations/${centerId}/dashboard`}
      table={table}
      title={t(`dashboards.files.${table}`)}
      search={search}
    />
  );
}

function CohortTable({ data }: { data: Data }) {
  const { t } = useTranslation();
  const { language } = useLocale();
  const levelName = useLevelName(data.levels);
  // Looked up once per state, not once per cohort (as the trainee table's statuses).
  const stateLabels = new Map<string, string>();
  const stateLabel = (state: string) => {
    if (!stateLabels.has(state)) stateLabels.set(state, t(`cohorts.state.${state}`));
    return stateLabels.get(state)!;
  };
  return (
    <DataTable
      compact
      rows={data.cohorts}
      rowKey={(c) => c.id}
      caption={t("dashboards.sections.cohorts")}
      columns={[
        {
          header: t("dashboards.columns.cohort"),
          rowHeader: true,
          cell: (c) => (
            <Link className="link" to={`/manage/organizations/${data.center.id}/cohorts/${c.id}`}>
              {c.name}
            </Link>
          ),
        },
        { header: t("dashboards.columns.level"), cell: (c) => levelName(c.levelSlug) },
        {
          header: t("dashboards.columns.dates"),
          cell: (c) => (
            <>
              {formatDate(c.startsOn, language)} – {formatDate(c.endsOn, language)}
            </>
          ),
          className: "whitespace-nowrap tabular-nums",
        },
        { header: t("dashboards.columns.state"), cell: (c) => stateLabel(cohortStatus(c)) },
        {
          header: t("dashboards.columns.enrolment"),
          cell: (c) => (
            <>
              {c.members} / {c.capacity}
            </>
          ),
          className: "tabular-nums",
        },
        ...[0, 1, 2, 3].map((band) => ({
          header: t(`dashboards.columns.band${band}`),
          cell: (c: Data["cohorts"][number]) => c.progress[band],
          className: "tabular-nums",
        })),
        { header: t("dashboards.columns.meanHours"), cell: (c) => c.meanHours, className: "tabular-nums" },
        {
          header: t("dashboards.columns.passRate"),
          cell: (c) => (
            <>
              {rate(c.passed, c.sat)}{" "}
              <span className="text-slate-600">
                ({c.passed}/{c.sat})
              </span>
            </>
          ),
          className: "tabular-nums",
        },
        { header: t("dashboards.columns.certificates"), cell: (c) => c.certified, className: "tabular-nums" },
      ]}
    />
  );
}

function Filters({ data }: { data: Data }) {
  const { t } = useTranslation();
  const levelName = useLevelName(data.levels);
  const f = data.filters;
  return (
    <Form method="get" className="card" aria-labelledby="filters-legend">
      <h2 id="filters-legend" className="mb-3 text-lg font-semibold">
        {t("dashboards.filters.legend")}
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Select
          name="level"
          label={t("dashboards.filters.level")}
          value={f.level}
          options={[
            ["", t("dashboards.filters.allLevels")],
            ...data.levels.map((l) => [l.slug, levelName(l.slug)] as [string, string]),
          ]}
        />
        <Select
          name="cohort"
          label={t("dashboards.filters.cohort")}
          value={f.cohort}
          options={[
            ["", t("dashboards.filters.allCohorts")],
            ...data.cohorts.map((c) => [c.id, c.name] as [string, string]),
          ]}
        />
        <Select
          name="exam"
          label={t("dashboards.filters.exam")}
          value={f.exam}
          options={[
            ["", t("dashboards.filters.any")],
            ...data.examStatuses.map((s) => [s, t(`dashboards.examStatus.${s}`)] as [string, string]),
          ]}
        />
        <Select
          name="cert"
          label={t("dashboards.filters.cert")}
          value={f.cert}
          options={[
            ["", t("dashboards.filters.any")],
            ...data.certStatuses.map((s) => [s, t(`dashboards.certStatus.${s}`)] as [string, string]),
          ]}
        />
        <div>
          <label htmlFor="filter-q" className="block text-sm font-medium text-slate-800">
            {t("dashboards.filters.search")}
          </label>
          <input id="filter-q" name="q" type="search" defaultValue={f.q ?? ""} maxLength={50} className="input mt-1" />
        </div>
      </div>
      <input type="hidden" name="sort" value={f.sort} />
      <input type="hidden" name="dir" value={f.dir} />
      <div className="mt-3 flex gap-3">
        <button type="submit" className="btn">
          {t("dashboards.filters.apply")}
        </button>
        <Link to="?" className="btn-secondary">
          {t("dashboards.filters.reset")}
        </Link>
      </div>
    </Form>
  );
}

const SORTABLE: Record<string, TraineeFilters["sort"]> = {
  name: "name",
  progress: "progress",
  hours: "hours",
  bestScore: "score",
};

function TraineeSection({ data }: { data: Data }) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const levelName = useLevelName(data.levels);
  const { rows, total, page, pageSize } = data.trainees;
  const f = data.filters;
  // Each status's label looked up once, not once per row: a page of 50 rows asked the catalog 100 times.
  const examLabel = Object.fromEntries(data.examStatuses.map((s) => [s, t(`dashboards.examStatus.${s}`)]));
  const certLabel = Object.fromEntries(data.certStatuses.map((s) => [s, t(`dashboards.certStatus.${s}`)]));
  const sortLink = (key: TraineeFilters["sort"]) => {
    const query = new URLSearchParams(search);
    query.set("sort", key);
    query.set("dir", f.sort === key && f.dir === "asc" ? "desc" : "asc");
    query.delete("page");
    return `?${query}`;
  };
  // A sortable column's header is a link that sorts by it (again: the other way).
  const head = (k: string) => {
    const sortKey = SORTABLE[k];
    const active = sortKey && f.sort === sortKey;
    return {
      header: sortKey ? (
        <Link className="link" to={sortLink(sortKey)} preventScrollReset>
          {t(`dashboards.columns.${k}`)}
          {active ? (f.dir === "asc" ? " ↑" : " ↓") : ""}
        </Link>
      ) : (
        t(`dashboards.columns.${k}`)
      ),
      sort: active ? (f.dir === "asc" ? ("ascending" as const) : ("descending" as const)) : undefined,
    };
  };
  return (
    <section className="card space-y-3" aria-labelledby="trainees-heading">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="trainees-heading" className="text-lg font-semibold">
          {t("dashboards.sections.trainees")}
        </h2>
        <ExportsFor table="trainees" centerId={data.center.id} />
      </div>
      {rows.length === 0 ? (
        <p className="text-slate-600">{t("dashboards.noTrainees")}</p>
      ) : (
        <DataTable
          compact
          rows={rows}
          rowKey={(r) => `${r.userId}-${r.levelSlug}`}
          caption={t("dashboards.sections.trainees")}
          columns={[
            {
              ...head("name"),
              rowHeader: true,
              cell: (r) => (
                <Link className="link" to={`/manage/organizations/${data.center.id}/trainees/${r.userId}`}>
                  {r.name}
                </Link>
              ),
            },
            { ...head("contact"), cell: (r) => r.contact ?? "—", className: "tabular-nums" },
            { ...head("employer"), cell: (r) => r.employer ?? "—" },
            { ...head("memberOf"), cell: (r) => r.cohorts ?? "—" },
            { ...head("level"), cell: (r) => levelName(r.levelSlug) },
            { ...head("progress"), cell: (r) => `${r.progress}%`, className: "tabular-nums" },
            { ...head("hours"), cell: (r) => r.hours, className: "tabular-nums" },
            {
              ...head("bestScore"),
              cell: (r) => (r.bestScore === null ? "—" : `${r.bestScore}%`),
              className: "tabular-nums",
            },
            { ...head("exam"), cell: (r) => examLabel[r.examStatus] },
            { ...head("certificate"), cell: (r) => certLabel[r.certStatus] },
          ]}
        />
      )}
      <Pagination page={page} pageSize={pageSize} total={total} search={search} />
    </section>
  );
}
