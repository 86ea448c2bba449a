import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface Series {
  key: string;
  label: string;
  values: (number | null)[];
}

// Distinguishable colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics).
const COLOURS = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490"];

/** A chart renders only in the browser (it measures its box); the server sends the table and a placeholder. */
function useMounted() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

const show = (value: number | null, unit?: string) =>
  value === null ? "—" : `${value.toLocaleString("zh-CN")}${unit ?? ""}`;

/**
 * A chart with its data as a real table beside it: screen readers and axe read the table; the chart is an
 * image with a one-sentence summary.
 */
export function ChartWithTable({
  id,
  title,
  summary,
  categoryLabel,
  categories,
  series,
  kind = "bar",
  stacked = false,
  unit,
  max,
}: {
  id: string;
  title: string;
  summary: string;
  categoryLabel: string;
  categories: string[];
  series: Series[];
  kind?: "bar" | "line";
  stacked?: boolean;
  unit?: string;
  max?: number;
}) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const data = categories.map((category, i) =>
    Object.fromEntries([["category", category], ...series.map((s) => [s.key, s.values[i] ?? null])]),
  );
  // Every category keeps its label: many or long labels are slanted rather than skipped.
  const slanted = categories.length > 6 || categories.some((c) => c.length > 8);
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      <XAxis
        dataKey="category"
        tick={{ fontSize: 12, fill: "#334155" }}
        interval={0}
        angle={slanted ? -35 : 0}
        textAnchor={slanted ? "end" : "middle"}
        height={slanted ? 90 : 30}
      />
      <YAxis
        tick={{ fontSize: 12, fill: "#334155" }}
        allowDecimals={false}
        domain={max === undefined ? undefined : [0, max]}
        unit={unit}
        width={48}
      />
      <Tooltip formatter={(value) => show(typeof value === "number" ? value : null, unit)} />
      <Legend wrapperStyle={{ fontSize: 12 }} />
    </>
  );
  return (
    <div className="space-y-4">
      <div role="img" aria-label={summary} className={`${slanted ? "h-80" : "h-64"} w-full min-w-0`}>
        {mounted && categories.length ? (
          <ResponsiveContainer width="100%" height="100%">
            {kind === "line" ? (
              <LineChart data={data} accessibilityLayer={false}>
                {axes}
                {series.map((s, i) => (
                  <Line
                    key={s.key}
                    dataKey={s.key}
                    name={s.label}
                    stroke={COLOURS[i % COLOURS.length]}
                    strokeWidth={2}
                    connectNulls
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            ) : (
              <BarChart data={data} accessibilityLayer={false}>
                {axes}
                {series.map((s, i) => (
                  <Bar
                    key={s.key}
                    dataKey={s.key}
                    name={s.label}
                    fill={COLOURS[i % COLOURS.length]}
                    stackId={stacked ? "stack" : undefined}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            )}
          </ResponsiveContainer>
        ) : (
          <p className="flex h-full items-center justify-center rounded-md bg-slate-50 text-sm text-slate-600">
            {categories.length ? t("dashboards.charts.loading") : t("dashboards.noData")}
          </p>
        )}
      </div>
      {/* The whole table, below the chart; focusable so keyboard users can scroll a wide one sideways
          (axe: scrollable-region-focusable). */}
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={title}>
        <table className="w-full text-left text-sm" id={`${id}-table`}>
          <caption className="pb-1 text-left font-medium text-slate-800">{title}</caption>
          <thead className="border-b text-slate-600">
            <tr>
              <th scope="col" className="whitespace-nowrap py-1 pr-3">
                {categoryLabel}
              </th>
              {series.map((s) => (
                <th key={s.key} scope="col" className="whitespace-nowrap py-1 pr-3 text-right">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((category, i) => (
              <tr key={category} className="border-b last:border-0">
                <th scope="row" className="whitespace-nowrap py-1 pr-3 font-normal">
                  {category}
                </th>
                {series.map((s) => (
                  <td key={s.key} className="py-1 pr-3 text-right tabular-nums">
                    {show(s.values[i] ?? null, unit)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** "2020: 24 junior; 2021: …" — the sentence a chart's aria-label carries. */
export function describeSeries(categories: string[], series: Series[], unit = "") {
  return categories
    .map(
      (category, i) =>
        `${category}: ${series.map((s) => `${s.label} ${s.values[i] ?? "—"}${s.values[i] === null ? "" : unit}`).join(", ")}`,
    )
    .join("; ");
}
