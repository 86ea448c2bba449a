import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  DashboardSection,
  ExportLinks,
  Overview,
  rate,
  ratePercent,
  Select,
  TrainedByYearChart,
  useLevelName,
} from "~/components/dashboard-parts";
import { PageHeader } from "~/components/forms";
import { ChartWithTable, describeSeries } from "~/components/statistics-charts";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { regionDashboard } from "~/modules/statistics/index.server";
import { parseRegionFilters } from "~/modules/statistics";
import { requireStatisticsRegion } from "~/utils/statistics-scope.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "dashboards.regionTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, region } = await requireStatisticsRegion(request, params.regionId);
  const filters = parseRegionFilters(request.url);
  const dashboard = await regionDashboard(database, user, region.id, filters);
  return { region: { id: region.id, nameZh: region.nameZh, nameEn: region.nameEn }, filters, ...dashboard };
}

export default function RegionDashboard() {
  const { t } = useTranslation();
  const { region, filters, levels, totals, years, centers } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const { en } = useLocale();
  const levelName = useLevelName(levels);
  const base = `/manage/regions/${region.id}/dashboard`;
  const centerNames = centers.map((c) => (en ? c.nameEn : c.nameZh));
  const passSeries = [
    {
      key: "passRate",
      label: t("dashboards.columns.passRate"),
      values: centers.map((c) => ratePercent(c.passed, c.sat)),
    },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title={`${en ? region.nameEn : region.nameZh} · ${t("dashboards.regionTitle")}`}>
        <Link to={`/manage/regions/${region.id}`} className="link text-sm">
          {en ? region.nameEn : region.nameZh}
        </Link>
      </PageHeader>

      <Overview levels={levels} byLevel={totals.byLevel} total={totals.total} />

      <Form method="get" className="card flex flex-wrap items-end gap-3" aria-labelledby="filters-legend">
        <h2 id="filters-legend" className="w-full text-lg font-semibold">
          {t("dashboards.filters.legend")}
        </h2>
        <Select
          name="level"
          label={t("dashboards.filters.level")}
          value={filters.level}
          options={[
            ["", t("dashboards.filters.allLevels")],
            ...levels.map((l) => [l.slug, levelName(l.slug)] as [string, string]),
          ]}
        />
        <button type="submit" className="btn">
          {t("dashboards.filters.apply")}
        </button>
      </Form>

      <DashboardSection
        id="years"
        title={t("dashboards.sections.byYear")}
        exports={<ExportLinks base={base} table="years" title={t("dashboards.files.years")} search={search} />}
      >
        <TrainedByYearChart levels={levels} years={years} />
      </DashboardSection>

      <DashboardSection
        id="centers"
        title={t("dashboards.sections.centers")}
        exports={<ExportLinks base={base} table="centers" title={t("dashboards.files.centers")} search={search} />}
      >
        <ChartWithTable
          id="pass-rate-by-center"
          title={t("dashboards.charts.passRateByCenter")}
          summary={t("dashboards.charts.passRateByCenterSummary", {
            summary: describeSeries(centerNames, passSeries, "%"),
          })}
          categoryLabel={t("dashboards.columns.center")}
          categories={centerNames}
          series={passSeries}
          unit="%"
          max={100}
        />
        <DataTable
          compact
          rows={centers}
          rowKey={(c) => c.centerId}
          caption={t("dashboards.sections.centers")}
          columns={[
            {
              header: t("dashboards.columns.center"),
              rowHeader: true,
              cell: (c) => (
                <Link className="link" to={`/manage/organizations/${c.centerId}/dashboard`}>
                  {en ? c.nameEn : c.nameZh}
                </Link>
              ),
            },
            { header: t("dashboards.columns.cohorts"), cell: (c) => c.cohorts, className: "tabular-nums" },
            { header: t("dashboards.columns.openCohorts"), cell: (c) => c.openCohorts, className: "tabular-nums" },
            {
              header: t("dashboards.columns.enrolment"),
              cell: (c) => (
                <>
                  {c.seats} / {c.capacity}
                </>
              ),
              className: "tabular-nums",
            },
            { header: t("dashboards.columns.people"), cell: (c) => c.people, className: "tabular-nums" },
            ...([0, 1, 2, 3] as const).map((band) => ({
              header: t(`dashboards.columns.band${band}`),
              cell: (c: (typeof centers)[number]) => c.progress[band],
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
            { header: t("dashboards.columns.trained"), cell: (c) => c.record.trained, className: "tabular-nums" },
            { header: t("dashboards.columns.certified"), cell: (c) => c.record.certified, className: "tabular-nums" },
          ]}
        />
      </DashboardSection>
    </div>
  );
}
