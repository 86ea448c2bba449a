import { expect } from "vitest";
import type { DbOrTx } from "#db/client";
import type { SessionUser } from "~/modules/orgs/index.server";
import {
  centerDashboard,
  platformStatistics,
  refreshStatistics,
  regionDashboard,
} from "~/modules/statistics/index.server";
import { parseTraineeFilters } from "~/modules/statistics";

const counts = (r: { trained: number; certified: number; sat: number; passed: number }) => ({
  trained: r.trained,
  certified: r.certified,
  sat: r.sat,
  passed: r.passed,
});
const sum = (rows: { trained: number; certified: number; sat: number; passed: number }[]) =>
  rows.reduce(
    (t, r) => ({
      trained: t.trained + r.trained,
      certified: t.certified + r.certified,
      sat: t.sat + r.sat,
      passed: t.passed + r.passed,
    }),
    { trained: 0, certified: 0, sat: 0, passed: 0 },
  );

/**
 * The three levels of the statistics agree on a region: its tiles are the sum of its centers' rows; each row
 * (参加考试, 通过, 获证 and the pass rate from them) is what the center's own dashboard shows; the platform's
 * summary says the same per center. Returns the region's totals so a test can add its own expectations.
 */
export async function expectLevelsAgree(db: DbOrTx, actor: SessionUser, regionId: string) {
  const region = await regionDashboard(db, actor, regionId, {});
  const tiles = counts(region.totals.total);
  expect(sum(region.centers.map((c) => c.record)), "region tiles = sum of its centers' rows").toEqual(tiles);
  await refreshStatistics(db);
  const platform = await platformStatistics(db, actor, { region: regionId });
  for (const row of region.centers) {
    // The columns shown beside each other in the row are one count each.
    expect(
      counts({ trained: row.record.trained, certified: row.certified, sat: row.sat, passed: row.passed }),
      row.nameZh,
    ).toEqual(counts(row.record));
    const center = await centerDashboard(db, actor, { id: row.centerId, regionId }, parseTraineeFilters("http://x/"));
    expect(counts(center.totals.total), `${row.nameZh}: center dashboard = region row`).toEqual(counts(row.record));
    expect(
      sum(platform.byCenterLevel.filter((r) => r.centerId === row.centerId)),
      `${row.nameZh}: platform = region row`,
    ).toEqual(counts(row.record));
  }
  expect(sum(platform.byYearLevel), "platform's region = region tiles").toEqual(tiles);
  return tiles;
}
