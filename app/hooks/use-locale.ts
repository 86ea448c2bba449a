import { useTranslation } from "react-i18next";
import { defaultLanguage, isLanguage, type Language } from "~/i18n/config";

/**
 * The language the page is shown in, for what the catalogs do not cover: data kept in both languages
 * (`pick(level.nameZh, level.nameEn)`) and dates (`formatDate(value, language)`).
 */
export function useLocale() {
  const { i18n } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : defaultLanguage;
  const en = language === "en";
  return { language, en, pick: <T>(zh: T, english: T): T => (en ? english : zh) };
}
