import { describe, expect, test } from "vitest";
import { cohortStatus } from "./status";

describe("a cohort's status comes from its dates in China", () => {
  const cohort = { startsOn: "2027-03-01", endsOn: "2027-06-30", closedAt: null };
  test("a cohort starting in 2027 is planned (计划中), not running", () => {
    expect(cohortStatus(cohort, new Date("2026-12-06T08:00:00Z"))).toBe("planned");
  });
  test("running from its first day to its last, in China's calendar", () => {
    // 2027-02-28 16:30 UTC is already 1 March in China.
    expect(cohortStatus(cohort, new Date("2027-02-28T16:30:00Z"))).toBe("running");
    expect(cohortStatus(cohort, new Date("2027-06-30T15:00:00Z"))).toBe("running");
  });
  test("past its end but not closed: ended (已结束); closed by staff: closed (已关闭) whatever the dates", () => {
    expect(cohortStatus(cohort, new Date("2027-06-30T16:00:00Z"))).toBe("ended");
    expect(cohortStatus({ ...cohort, closedAt: "2026-01-01T00:00:00Z" }, new Date("2026-12-06T08:00:00Z"))).toBe(
      "closed",
    );
  });
});
