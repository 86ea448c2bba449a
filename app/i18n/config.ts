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

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const numericParts = new Intl.DateTimeFormat("en-US", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/**
 * The calendar day and time in China Standard Time, as numbers. Words are composed here rather than by
 * Intl, whose month names differ between ICU versions (en-GB "Sept"): the server and the browser must
 * print the same text, or the page fails to hydrate.
 */
function chinaParts(value: Date | string) {
  const parts = Object.fromEntries(numericParts.formatToParts(new Date(value)).map((p) => [p.type, p.value]));
  return {
    year: parts.year!,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: parts.hour!,
    minute: parts.minute!,
  };
}

function dayText(p: ReturnType<typeof chinaParts>, language: Language) {
  return language === "en" ? `${p.day} ${MONTHS_EN[p.month - 1]} ${p.year}` : `${p.year}年${p.month}月${p.day}日`;
}

/** "6 Dec 2026, 07:30" in English, "2026年12月6日 07:30" in Chinese, in China Standard Time. */
export function formatDateTime(value: Date | string, language: Language) {
  const p = chinaParts(value);
  return language === "en"
    ? `${dayText(p, language)}, ${p.hour}:${p.minute}`
    : `${dayText(p, language)} ${p.hour}:${p.minute}`;
}

export function formatTime(value: Date | string, language: Language) {
  return new Intl.DateTimeFormat(language, {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(value));
}

/** "6 Dec 2026" in English, "2026年12月6日" in Chinese; a bare "YYYY-MM-DD" is that day in China. */
export function formatDate(value: Date | string, language: Language) {
  return dayText(chinaParts(chinaInstantOf(value)), language);
}
