import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DashboardSection, ExportLinks, Overview, rate, ratePercent, Select, TrainedByYearChart, useLevelName } from "~/components/dashboard-parts";
import { PageHeader } from "~/components/forms";
import { ChartWithTable, describeSeries } from "~/components/statistics-charts";
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
  const { t, i18n } = useTranslation();
  const { region, filters, levels, totals, years, centers } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const en = i18n.language === "en";
  const levelName = useLevelName(levels);
  const base = `/manage/regions/${region.id}/dashboard`;
  const centerNames = centers.map((c) => (en ? c.nameEn : c.nameZh));
  const passSeries = [{ key: "passRate", label: t("dashboards.columns.passRate"), values: centers.map((c) => ratePercent(c.passed, c.sat)) }];
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
        <Select name="level" label={t("dashboards.filters.level")} value={filters.level} options={[["", t("dashboards.filters.allLevels")], ...levels.map((l) => [l.slug, levelName(l.slug)] as [string, string])]} />
        <button type="submit" className="btn">
          {t("dashboards.filters.apply")}
        </button>
      </Form>

      <DashboardSection id="years" title={t("dashboards.sections.byYear")} exports={<ExportLinks base={base} table="years" title={t("dashboards.files.years")} search={search} />}>
        <TrainedByYearChart levels={levels} years={years} />
      </DashboardSection>

      <DashboardSection id="centers" title={t("dashboards.sections.centers")} exports={<ExportLinks base={base} table="centers" title={t("dashboards.files.centers")} search={search} />}>
        <ChartWithTable
          id="pass-rate-by-center"
          title={t("dashboards.charts.passRateByCenter")}
          summary={t("dashboards.charts.passRateByCenterSummary", { summary: describeSeries(centerNames, passSeries, "%") })}
          categoryLabel={t("dashboards.columns.center")}
          categories={centerNames}
          series={passSeries}
          unit="%"
          max={100}
        />
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("dashboards.sections.centers")}</caption>
            <thead className="border-b text-slate-600">
              <tr>
                {["center", "cohorts", "openCohorts", "enrolment", "people", "band0", "band1", "band2", "band3", "meanHours", "passRate", "certificates", "trained", "certified"].map((k) => (
                  <th key={k} scope="col" className="py-2 pr-3">
                    {t(`dashboards.columns.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {centers.map((c) => (
                <tr key={c.centerId} className="border-b last:border-0">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    <Link className="link" to={`/manage/organizations/${c.centerId}/dashboard`}>
                      {en ? c.nameEn : c.nameZh}
                    </Link>
                  </th>
                  <td className="py-2 pr-3 tabular-nums">{c.cohorts}</td>
                  <td className="py-2 pr-3 tabular-nums">{c.openCohorts}</td>
                  <td className="py-2 pr-3 tabular-nums">
                    {c.seats} / {c.capacity}
                  </td>
                  <td className="py-2 pr-3 tabular-nums">{c.people}</td>
                  {c.progress.map((n, i) => (
                    <td key={i} className="py-2 pr-3 tabular-nums">
                      {n}
                    </td>
                  ))}
                  <td className="py-2 pr-3 tabular-nums">{c.meanHours}</td>
                  <td className="py-2 pr-3 tabular-nums">
                    {rate(c.passed, c.sat)} <span className="text-slate-600">({c.passed}/{c.sat})</span>
                  </td>
                  <td className="py-2 pr-3 tabular-nums">{c.certified}</td>
                  <td className="py-2 pr-3 tabular-nums">{c.record.trained}</td>
                  <td className="py-2 pr-3 tabular-nums">{c.record.certified}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </DashboardSection>
    </div>
  );
}
