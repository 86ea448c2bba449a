export const supportedLanguages = ["zh-CN", "en"] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultLanguage: Language = "zh-CN";
export const defaultNS = "common";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

/** Every date and time is shown in China Standard Time, on the server and in the browser alike. */
export const TIME_ZONE = "Asia/Shanghai";

export function formatDateTime(value: Date | string, language: Language) {
  return new Intl.DateTimeFormat(language, {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(value));
}

export function formatTime(value: Date | string, language: Language) {
  return new Intl.DateTimeFormat(language, {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(value));
}

/** A `datetime-local` value is read as China Standard Time (UTC+8, no daylight saving). */
export function parseShanghaiLocal(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(`${value}:00+08:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The `datetime-local` value of an instant, in China Standard Time. */
export function toShanghaiLocal(value: Date | string) {
  return new Date(new Date(value).getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

export function formatDate(value: Date | string, language: Language) {
  return new Intl.DateTimeFormat(language, { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+08:00`) : new Date(value),
  );
}
