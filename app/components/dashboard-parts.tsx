import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ChartWithTable, describeSeries } from "./statistics-charts";
import { useLocale } from "~/hooks/use-locale";

export interface LevelName {
  slug: string;
  nameZh: string;
  nameEn: string;
}

export interface Totals {
  trained: number;
  certified: number;
  sat: number;
  passed: number;
}

/** The level's name in the reader's language (the slug if unknown). */
export function useLevelName(levels: LevelName[]) {
  const { en } = useLocale();
  return (slug: string) => {
    const level = levels.find((l) => l.slug === slug);
    return level ? (en ? level.nameEn : level.nameZh) : slug;
  };
}

/** Passed ÷ sat as "87.5%", or "—" when nobody sat. */
export function rate(passed: number, sat: number) {
  return sat > 0 ? `${(Math.round((passed / sat) * 1000) / 10).toFixed(1)}%` : "—";
}

export function ratePercent(passed: number, sat: number): number | null {
  return sat > 0 ? Math.round((passed / sat) * 1000) / 10 : null;
}

/** "496 trained in all: 208 junior, 169 intermediate, 119 senior" — the figure the report leads with. */
export function Headline({
  levels,
  byLevel,
  total,
}: {
  levels: LevelName[];
  byLevel: (Totals & { levelSlug: string })[];
  total: Totals;
}) {
  const { t } = useTranslation();
  const levelName = useLevelName(levels);
  const parts = byLevel
    .map((l) => t("dashboards.headlinePart", { level: levelName(l.levelSlug), count: l.trained }))
    .join(t("dashboards.headlineSeparator"));
  return (
    <p className="text-lg">
      <strong>{t("dashboards.headline", { total: total.trained })}</strong>
      {parts ? `${t("dashboards.headlineSeparator")}${parts}` : null}
    </p>
  );
}

export function Kpis({ items }: { items: { label: string; value: string | number; definition?: string }[] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {items.map((item) => (
        <div key={item.label} className="rounded-md border border-slate-200 bg-white p-3">
          <dt className="text-sm text-slate-600">{item.label}</dt>
          <dd className="text-2xl font-semibold tabular-nums">
            {typeof item.value === "number" ? item.value.toLocaleString("zh-CN") : item.value}
          </dd>
          {item.definition ? <dd className="mt-1 text-xs text-slate-600">{item.definition}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

/** CSV and Excel links for one table, carrying the page's filters. */
export function ExportLinks({
  base,
  table,
  title,
  search,
}: {
  base: string;
  table: string;
  title: string;
  search: URLSearchParams;
}) {
  const { t } = useTranslation();
  const query = new URLSearchParams(search);
  query.set("table", table);
  query.delete("page");
  return (
    <div className="flex flex-wrap gap-2" role="group" aria-label={t("dashboards.export.label", { table: title })}>
      <a className="btn-secondary" href={`${base}.csv?${query}`} download>
        {t("dashboards.export.csv")}
      </a>
      <a className="btn-secondary" href={`${base}.xlsx?${query}`} download>
        {t("dashboards.export.xlsx")}
      </a>
    </div>
  );
}

export function Pagination({
  page,
  pageSize,
  total,
  search,
}: {
  page: number;
  pageSize: number;
  total: number;
  search: URLSearchParams;
}) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const to = (p: number) => {
    const query = new URLSearchParams(search);
    query.set("page", String(p));
    return `?${query}`;
  };
  return (
    <nav aria-label={t("dashboards.pagination.label")} className="mt-3 flex flex-wrap items-center gap-3 text-sm">
      {page > 1 ? (
        <Link className="link" to={to(page - 1)} preventScrollReset>
          {t("dashboards.pagination.previous")}
        </Link>
      ) : null}
      <span>{t("dashboards.pagination.status", { page, pages, total })}</span>
      {page < pages ? (
        <Link className="link" to={to(page + 1)} preventScrollReset>
          {t("dashboards.pagination.next")}
        </Link>
      ) : null}
    </nav>
  );
}

/** A labelled filter select of a GET form. */
export function Select({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: [string, string][];
}) {
  return (
    <div>
      <label htmlFor={`filter-${name}`} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ""} className="input mt-1">
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The overview card every dashboard opens with: the headline, four figures, what they count; then `children`. */
export function Overview({
  levels,
  byLevel,
  total,
  children,
}: {
  levels: LevelName[];
  byLevel: (Totals & { levelSlug: string })[];
  total: Totals;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <DashboardSection id="overview" title={t("dashboards.sections.overview")}>
      <Headline levels={levels} byLevel={byLevel} total={total} />
      <Kpis
        items={[
          // Each tile carries its one definition (metrics.ts): the same words at center, region and platform.
          { label: t("metrics.trained.label"), value: total.trained, definition: t("metrics.trained.definition") },
          {
            label: t("metrics.certified.label"),
            value: total.certified,
            definition: t("metrics.certified.definition"),
          },
          { label: t("metrics.sat.label"), value: total.sat, definition: t("metrics.sat.definition") },
          {
            label: t("metrics.passRate.label"),
            value: rate(total.passed, total.sat),
            definition: t("metrics.passRate.definition"),
          },
        ]}
      />
      {children}
    </DashboardSection>
  );
}

/** A dashboard card with its heading and, beside it, the export links of its table. */
export function DashboardSection({
  id,
  title,
  exports,
  children,
}: {
  id: string;
  title: string;
  exports?: ReactNode;
  children: ReactNode;
}) {
  const heading = (
    <h2 id={`${id}-heading`} className="text-lg font-semibold">
      {title}
    </h2>
  );
  return (
    <section className="card space-y-4" aria-labelledby={`${id}-heading`}>
      {exports ? (
        <div className="flex flex-wrap items-center justify-between gap-2">
          {heading}
          {exports}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}

/** People trained each year, stacked by level, with its table: the center's and the region's dashboards. */
export function TrainedByYearChart({
  levels,
  years,
}: {
  levels: LevelName[];
  years: { year: number; byLevel: { trained: number }[] }[];
}) {
  const { t } = useTranslation();
  const levelName = useLevelName(levels);
  const yearLabels = years.map((y) => String(y.year));
  const yearSeries = levels.map((l, i) => ({
    key: l.slug,
    label: levelName(l.slug),
    values: years.map((y) => y.byLevel[i]?.trained ?? 0),
  }));
  return (
    <ChartWithTable
      id="trained-by-year"
      title={t("dashboards.charts.trainedByYear")}
      summary={t("dashboards.charts.trainedByYearSummary", { summary: describeSeries(yearLabels, yearSeries) })}
      categoryLabel={t("dashboards.columns.year")}
      categories={yearLabels}
      series={yearSeries}
      stacked
    />
  );
}
