import { CHINA_TIME_ZONE, chinaInstantOf } from "~/utils/china-time";

export const supportedLanguages = ["zh-CN", "en"] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultLanguage: Language = "zh-CN";
export const defaultNS = "common";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

/** Every date and time is shown in China Standard Time, on the server and in the browser alike. */
export const TIME_ZONE = CHINA_TIME_ZONE;

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

export function formatDate(value: Date | string, language: Language) {
  return new Intl.DateTimeFormat(language, { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    chinaInstantOf(value),
  );
}
