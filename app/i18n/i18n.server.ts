import { createCookie } from "@remix-run/node";
import i18next, { type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { defaultLanguage, defaultNS, isLanguage, supportedLanguages, type Language } from "./config";
import { resources } from "./resources";

export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  // Like the session cookie: only over HTTPS in production (finding 11). NODE_ENV is fixed before start.
  secure: process.env.NODE_ENV === "production",
  maxAge: 60 * 60 * 24 * 365,
});

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage: defaultLanguage,
    cookie: languageCookie,
    // Chinese first: the browser's Accept-Language is not consulted, only the person's choice.
    order: ["cookie"],
  },
  i18next: { resources, defaultNS, fallbackLng: defaultLanguage },
});

export async function requestLanguage(request: Request): Promise<Language> {
  const detected = await i18nServer.getLocale(request);
  return isLanguage(detected) ? detected : defaultLanguage;
}

const instances = new Map<Language, Promise<TFunction>>();

/** A translator for one language, for e-mails, scripts and loaders (cached per language). */
export function translator(language: Language): Promise<TFunction> {
  let t = instances.get(language);
  if (!t) {
    const instance = i18next.createInstance();
    t = instance
      .init({
        resources,
        lng: language,
        fallbackLng: defaultLanguage,
        defaultNS,
        interpolation: { escapeValue: false },
      })
      .then(() => instance.t);
    instances.set(language, t);
  }
  return t;
}
