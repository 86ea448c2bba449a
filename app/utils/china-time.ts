/**
 * China Standard Time, the one clock of the product: every date a person types or reads is a day in China.
 * It is UTC+8 all year (no daylight saving since 1991), so plain arithmetic is exact and needs no time-zone
 * data. Client-safe: pure functions only.
 */

export const CHINA_TIME_ZONE = "Asia/Shanghai";
export const CHINA_UTC_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A Date whose UTC fields read the wall clock in China at `instant` (for formats with no zone, such as a
 * spreadsheet's date cells). Not an instant: never store or compare it.
 */
export function chinaWallClock(instant: Date | string | number): Date {
  return new Date(new Date(instant).getTime() + CHINA_UTC_OFFSET_MS);
}

/** The date in China at `instant`, as YYYY-MM-DD; today's by default. */
export function chinaDate(instant: Date | string | number = new Date()): string {
  return chinaWallClock(instant).toISOString().slice(0, 10);
}

/** The instant a day in China (YYYY-MM-DD) begins: its midnight at +08:00. */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** The instant a day in China (YYYY-MM-DD) ends: the next day's midnight at +08:00 (exclusive bound). */
export function chinaDayEnd(day: string): Date {
  return new Date(chinaDayStart(day).getTime() + DAY_MS);
}

/** The calendar day `days` after (or before, if negative) a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** An instant in ISO 8601 with China's offset, e.g. "2026-11-27T10:00:00+08:00". */
export function chinaIsoDateTime(instant: Date | string | number): string {
  return chinaWallClock(instant).toISOString().slice(0, 19) + "+08:00";
}

/** The `datetime-local` value (YYYY-MM-DDTHH:mm) of an instant, read in China. */
export function toChinaLocal(instant: Date | string | number): string {
  return chinaWallClock(instant).toISOString().slice(0, 16);
}

/** A `datetime-local` value (YYYY-MM-DDTHH:mm) read as a time in China; null when it is not one. */
export function parseChinaLocal(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(`${value}:00+08:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A Date for display: a bare YYYY-MM-DD is that day in China (not UTC midnight), anything else an instant. */
export function chinaInstantOf(value: Date | string): Date {
  return typeof value === "string" && DAY.test(value) ? chinaDayStart(value) : new Date(value);
}
