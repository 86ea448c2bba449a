/**
 * The figures of the dashboards, one definition each. Counting lives in facts.server.ts (`factsQuery`, for
 * trained / certified / sat / passed at every level: center, region, platform) and cohort-figures.server.ts
 * (per cohort); names and definitions live in the catalog under `metrics.<key>` so a tile, a column header
 * and an export header say the same thing.
 */
export const METRICS = ["trained", "certified", "sat", "passed", "passRate", "cohortCertificates"] as const;
export type Metric = (typeof METRICS)[number];

/** The counts every level of the statistics carries, summed from the same facts. */
export interface MetricCounts {
  trained: number;
  certified: number;
  sat: number;
  passed: number;
}

/** Passed ÷ sat as a percentage with one decimal, or null when nobody sat. */
export function passRateOf(passed: number, sat: number): number | null {
  return sat > 0 ? Math.round((passed / sat) * 1000) / 10 : null;
}

/** Sums counts: a region is the sum of its centers, the nation the sum of its regions. */
export function sumCounts(rows: MetricCounts[]): MetricCounts {
  return rows.reduce(
    (t, r) => ({
      trained: t.trained + r.trained,
      certified: t.certified + r.certified,
      sat: t.sat + r.sat,
      passed: t.passed + r.passed,
    }),
    { trained: 0, certified: 0, sat: 0, passed: 0 },
  );
}

/**
 * Rows in level order (初级, 中级, 高级 — the order of levels.yaml) within their groups, which keep the order
 * they came in (years oldest first, regions by code, centers by name).
 */
export function inLevelOrder<T extends { levelSlug: string }>(
  rows: readonly T[],
  levelOrder: readonly string[],
  groupOf: (row: T) => string,
): T[] {
  const firstSeen = new Map<string, number>();
  rows.forEach((r, i) => firstSeen.has(groupOf(r)) || firstSeen.set(groupOf(r), i));
  const rank = (slug: string) => {
    const i = levelOrder.indexOf(slug);
    return i < 0 ? levelOrder.length : i;
  };
  return [...rows].sort(
    (a, b) => firstSeen.get(groupOf(a))! - firstSeen.get(groupOf(b))! || rank(a.levelSlug) - rank(b.levelSlug),
  );
}
