import { defaultLanguage, isLanguage, type Language } from "./config";

/**
 * The one language of a page render. The root loader decides it (the account's setting, else the `lng`
 * cookie, else zh-CN) and writes it into <html lang>, which the browser reads to hydrate; the server must
 * render in the same language, or React throws away the page (hydration errors #418/#423/#425).
 */
export function renderLanguage(rootData: unknown): Language {
  const language = rootData && typeof rootData === "object" && "language" in rootData ? rootData.language : undefined;
  return isLanguage(language) ? language : defaultLanguage;
}
