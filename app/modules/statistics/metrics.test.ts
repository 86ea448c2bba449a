import { describe, expect, test } from "vitest";
import { inLevelOrder, passRateOf, sumCounts } from "./metrics";

describe("figures in one place", () => {
  test("levels come in level order (初级, 中级, 高级) within each year or center, whatever order the database gave", () => {
    const rows = [
      { year: 2024, levelSlug: "intermediate" },
      { year: 2024, levelSlug: "junior" },
      { year: 2025, levelSlug: "senior" },
      { year: 2024, levelSlug: "senior" },
      { year: 2025, levelSlug: "junior" },
    ];
    expect(
      inLevelOrder(rows, ["junior", "intermediate", "senior"], (r) => String(r.year)).map(
        (r) => `${r.year} ${r.levelSlug}`,
      ),
    ).toEqual(["2024 junior", "2024 intermediate", "2024 senior", "2025 junior", "2025 senior"]);
  });
  test("a pass rate has one decimal, and none when nobody sat; sums add every count", () => {
    expect(passRateOf(441, 497)).toBe(88.7);
    expect(passRateOf(0, 0)).toBeNull();
    expect(
      sumCounts([
        { trained: 1, certified: 2, sat: 3, passed: 2 },
        { trained: 4, certified: 0, sat: 1, passed: 1 },
      ]),
    ).toEqual({ trained: 5, certified: 2, sat: 4, passed: 3 });
  });
});
