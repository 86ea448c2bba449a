import { describe, expect, test } from "vitest";
import {
  addDays,
  chinaDate,
  chinaDayEnd,
  chinaDayStart,
  chinaInstantOf,
  chinaIsoDateTime,
  chinaWallClock,
  parseChinaLocal,
  toChinaLocal,
} from "./china-time";

describe("china time", () => {
  test("the China date of an instant turns at 16:00 UTC", () => {
    expect(chinaDate(new Date("2026-11-27T15:59:59Z"))).toBe("2026-11-27");
    expect(chinaDate(new Date("2026-11-27T16:00:00Z"))).toBe("2026-11-28");
    expect(chinaDate(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
    expect(chinaDate()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test("a China day begins at 16:00 UTC the day before and ends 24 hours later", () => {
    expect(chinaDayStart("2026-11-27").toISOString()).toBe("2026-11-26T16:00:00.000Z");
    expect(chinaDayEnd("2026-11-27").toISOString()).toBe("2026-11-27T16:00:00.000Z");
    expect(chinaDate(chinaDayStart("2027-01-01"))).toBe("2027-01-01");
  });

  test("adding days follows the calendar", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  test("ISO 8601 with +08:00 names the same instant", () => {
    expect(chinaIsoDateTime(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01T00:00:00+08:00");
    expect(new Date(chinaIsoDateTime(new Date("2026-03-10T02:30:00Z"))).toISOString()).toBe("2026-03-10T02:30:00.000Z");
  });

  test("the wall clock reads China's hour in UTC fields", () => {
    expect(chinaWallClock(new Date("2026-03-10T02:30:00Z")).toISOString()).toBe("2026-03-10T10:30:00.000Z");
  });

  test("datetime-local values round-trip in China time", () => {
    expect(toChinaLocal(new Date("2026-03-10T02:30:00Z"))).toBe("2026-03-10T10:30");
    expect(parseChinaLocal("2026-03-10T10:30")?.toISOString()).toBe("2026-03-10T02:30:00.000Z");
    expect(parseChinaLocal("2026-03-10 10:30")).toBeNull();
    expect(parseChinaLocal("2026-13-40T10:30")).toBeNull();
  });

  test("a bare date is that day in China; anything else is an instant", () => {
    expect(chinaInstantOf("2026-11-27").toISOString()).toBe("2026-11-26T16:00:00.000Z");
    expect(chinaInstantOf("2026-11-27T10:00:00Z").toISOString()).toBe("2026-11-27T10:00:00.000Z");
  });
});
