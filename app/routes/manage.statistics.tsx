import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  DashboardSection,
  ExportLinks,
  Overview,
  rate,
  ratePercent,
  Select,
  useLevelName,
} from "~/components/dashboard-parts";
import { PageHeader } from "~/components/forms";
import { ChartWithTable, describeSeries } from "~/components/statistics-charts";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { isPlatformAdmin, requirePermission } from "~/modules/orgs/index.server";
import { loadLevels } from "~/modules/content/index.server";
import {
  platformStatistics,
  refreshStatistics,
  regionsByLevel,
  statisticsPlaces,
} from "~/modules/statistics/index.server";
import { parsePlatformFilters } from "~/modules/statistics";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "dashboards.platformTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const filters = parsePlatformFilters(request.url);
  const stats = await platformStatistics(database, user, filters);
  const [places, levels] = await Promise.all([statisticsPlaces(database, user), loadLevels(database)]);
  return {
    filters,
    places,
    levels: levels.map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn })),
    refreshedAt: stats.refreshedAt.toISOString(),
    byYearLevel: stats.byYearLevel,
    byCenterLevel: stats.byCenterLevel,
    byRegionLevel: regionsByLevel(stats.byCenterLevel),
    canRefresh: isPlatformAdmin(user),
  };
}

/** Platform admins rebuild the summary at once (it is otherwise rebuilt when older than five minutes). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  await refreshStatistics(await db());
  const url = new URL(request.url);
  return redirect(`${url.pathname}${url.search}`);
}

type Row = { trained: number; certified: number; sat: number; passed: number };
const sum = (rows: Row[]) =>
  rows.reduce(
    (t, r) => ({
      trained: t.trained + r.trained,
      certified: t.certified + r.certified,
      sat: t.sat + r.sat,
      passed: t.passed + r.passed,
    }),
    { trained: 0, certified: 0, sat: 0, passed: 0 },
  );

export default function StatisticsPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { filters, places, levels, byYearLevel, byCenterLevel, byRegionLevel } = data;
  const [search] = useSearchParams();
  const { en, language } = useLocale();
  const levelName = useLevelName(levels);
  const byLevel = levels.map((l) => ({ levelSlug: l.slug, ...sum(byYearLevel.filter((r) => r.levelSlug === l.slug)) }));
  const total = sum(byYearLevel);
  const years = [...new Set(byYearLevel.map((r) => r.year))].sort((a, b) => a - b);
  const yearLabels = years.map(String);
  const perYear = years.map((y) => sum(byYearLevel.filter((r) => r.year === y)));
  const trainedCertified = [
    { key: "trained", label: t("dashboards.columns.trained"), values: perYear.map((r) => r.trained) },
    { key: "certified", label: t("dashboards.columns.certified"), values: perYear.map((r) => r.certified) },
  ];
  const passByYear = [
    {
      key: "passRate",
      label: t("dashboards.columns.passRate"),
      values: perYear.map((r) => ratePercent(r.passed, r.sat)),
    },
  ];
  const region = (r: { regionNameZh: string | null; regionNameEn: string | null }) =>
    (en ? r.regionNameEn : r.regionNameZh) ?? "—";
  const center = (r: { centerNameZh: string | null; centerNameEn: string | null }) =>
    (en ? r.centerNameEn : r.centerNameZh) ?? t("dashboards.platformDirect");
  return (
    <div className="space-y-6">
      <PageHeader title={t("dashboards.platformTitle")}>
        <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
          <span>{t("dashboards.refreshedAt", { time: formatDateTime(data.refreshedAt, language) })}</span>
          {data.canRefresh ? (
            <Form method="post">
              <button type="submit" className="btn-secondary">
                {t("dashboards.refreshNow")}
              </button>
            </Form>
          ) : null}
        </div>
      </PageHeader>

      <Form method="get" className="card" aria-labelledby="filters-legend">
        <h2 id="filters-legend" className="mb-3 text-lg font-semibold">
          {t("dashboards.filters.legend")}
        </h2>
        <div className="grid gap-3 sm:grid-cols-3">
          <Select
            name="level"
            label={t("dashboards.filters.level")}
            value={filters.level}
            options={[
              ["", t("dashboards.filters.allLevels")],
              ...levels.map((l) => [l.slug, levelName(l.slug)] as [string, string]),
            ]}
          />
          <Select
            name="region"
            label={t("dashboards.filters.region")}
            value={filters.region}
            options={[
              ["", t("dashboards.filters.allRegions")],
              ...places.regions.map((r) => [r.id, en ? r.nameEn : r.nameZh] as [string, string]),
            ]}
          />
          <Select
            name="center"
            label={t("dashboards.filters.center")}
            value={filters.center}
            options={[
              ["", t("dashboards.filters.allCenters")],
              ...places.centers.map((c) => [c.id, en ? c.nameEn : c.nameZh] as [string, string]),
            ]}
          />
        </div>
        <div className="mt-3 flex gap-3">
          <button type="submit" className="btn">
            {t("dashboards.filters.apply")}
          </button>
          <Link to="?" className="btn-secondary">
            {t("dashboards.filters.reset")}
          </Link>
        </div>
      </Form>

      <Overview levels={levels} byLevel={byLevel} total={total} />

      <DashboardSection
        id="years"
        title={t("dashboards.sections.byYear")}
        exports={
          <ExportLinks base="/manage/statistics" table="years" title={t("dashboards.files.years")} search={search} />
        }
      >
        <ChartWithTable
          id="trained-certified"
          title={t("dashboards.charts.trainedCertifiedByYear")}
          summary={t("dashboards.charts.trainedCertifiedSummary", {
            summary: describeSeries(yearLabels, trainedCertified),
          })}
          categoryLabel={t("dashboards.columns.year")}
          categories={yearLabels}
          series={trainedCertified}
        />
        <ChartWithTable
          id="pass-rate-by-year"
          title={t("dashboards.charts.passRateByYear")}
          summary={t("dashboards.charts.passRateByYearSummary", {
            summary: describeSeries(yearLabels, passByYear, "%"),
          })}
          categoryLabel={t("dashboards.columns.year")}
          categories={yearLabels}
          series={passByYear}
          kind="line"
          unit="%"
          max={100}
        />
        <FigureTable
          caption={t("dashboards.files.years")}
          keyColumns={[t("dashboards.columns.year"), t("dashboards.columns.level")]}
          rows={byYearLevel.map((r) => ({
            key: `${r.year}-${r.levelSlug}`,
            cells: [String(r.year), levelName(r.levelSlug)],
            ...r,
          }))}
        />
      </DashboardSection>

      <DashboardSection
        id="regions"
        title={t("dashboards.sections.regions")}
        exports={
          <ExportLinks
            base="/manage/statistics"
            table="regions"
            title={t("dashboards.files.regions")}
            search={search}
          />
        }
      >
        <FigureTable
          caption={t("dashboards.files.regions")}
          keyColumns={[t("dashboards.columns.region"), t("dashboards.columns.level")]}
          rows={byRegionLevel.map((r) => ({
            key: `${r.regionId}-${r.levelSlug}`,
            cells: [region(r), levelName(r.levelSlug)],
            ...r,
          }))}
        />
      </DashboardSection>

      <DashboardSection
        id="centers"
        title={t("dashboards.sections.centers")}
        exports={
          <ExportLinks
            base="/manage/statistics"
            table="centers"
            title={t("dashboards.files.centers")}
            search={search}
          />
        }
      >
        <FigureTable
          caption={t("dashboards.files.centers")}
          keyColumns={[t("dashboards.columns.region"), t("dashboards.columns.center"), t("dashboards.columns.level")]}
          rows={byCenterLevel.map((r) => ({
            key: `${r.centerId}-${r.levelSlug}`,
            cells: [region(r), center(r), levelName(r.levelSlug)],
            ...r,
          }))}
        />
      </DashboardSection>
    </div>
  );
}

function FigureTable({
  caption,
  keyColumns,
  rows,
}: {
  caption: string;
  keyColumns: string[];
  rows: (Row & { key: string; cells: string[] })[];
}) {
  const { t } = useTranslation();
  if (!rows.length) return <p className="text-slate-600">{t("dashboards.noData")}</p>;
  return (
    // Focusable so keyboard users can scroll a long table (axe: scrollable-region-focusable).
    <div className="max-h-[32rem] overflow-auto" tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b text-slate-600">
          <tr>
            {keyColumns.map((c) => (
              <th key={c} scope="col" className="py-2 pr-3">
                {c}
              </th>
            ))}
            {["trained", "certified", "sat", "passed", "passRate"].map((k) => (
              <th key={k} scope="col" className="py-2 pr-3 text-right">
                {t(`dashboards.columns.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-b last:border-0">
              {r.cells.map((c, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className="py-2 pr-3 font-normal">
                    {c}
                  </th>
                ) : (
                  <td key={i} className="py-2 pr-3">
                    {c}
                  </td>
                ),
              )}
              <td className="py-2 pr-3 text-right tabular-nums">{r.trained}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{r.certified}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{r.sat}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{r.passed}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{rate(r.passed, r.sat)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
