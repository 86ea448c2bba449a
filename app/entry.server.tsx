import { PassThrough } from "node:stream";
import { type AppLoadContext, createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance, type i18n } from "i18next";
import { isbot } from "isbot";
import type { ReactElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { NonceProvider } from "./components/nonce";
import { defaultLanguage, defaultNS, type Language } from "./i18n/config";
import { renderLanguage } from "./i18n/render-language";
import { resources } from "./i18n/resources";
import {
  isVerificationPageData,
  rememberVerificationPage,
  verificationPageKey,
} from "~/modules/verification/index.server";
import type { RootData } from "./utils/root-loader.server";
import { hasSessionCookie } from "./utils/request.server";
import { linkedDataResponse } from "./utils/linked-data.server";

const ABORT_DELAY = 5_000;

/**
 * The cache key when this render is the public verification page of a found certificate for a visitor
 * who is not signed in (see page-cache.server.ts); null for every other render.
 */
function keepableVerificationPage(request: Request, status: number, remixContext: EntryContext): string | null {
  const context = remixContext.staticHandlerContext;
  const leaf = context.matches.at(-1);
  if (request.method !== "GET" || status !== 200 || !leaf || context.actionData) return null;
  // The page is known by its loader data (verificationPageData), not by its route's name.
  const page = context.loaderData[leaf.route.id];
  if (!isVerificationPageData(page)) return null;
  const root = context.loaderData.root as RootData | undefined;
  const url = new URL(request.url);
  // Only what a visitor without a session would get: the same requests the server answers from the kept page.
  if (!root || root.user !== null || hasSessionCookie(request.headers.get("Cookie")) || url.search) return null;
  return verificationPageKey(root.language, leaf.params.code ?? "", page);
}

/** The whole document as a string (for a page that is kept); rejects when the shell fails. */
function renderToHtml(element: ReactElement, nonce: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on("data", (chunk: Buffer) => chunks.push(chunk));
    sink.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    const { pipe, abort } = renderToPipeableStream(element, {
      nonce,
      onAllReady: () => pipe(sink),
      onShellError: reject,
      onError: (error: unknown) => console.error(error),
    });
    setTimeout(abort, ABORT_DELAY).unref();
  });
}

// One i18next instance per language, made once: a request never changes its instance's language,
// and building one per request cost about a tenth of a page's server time (bench/).
const instances = new Map<Language, Promise<i18n>>();
function i18nFor(lng: Language): Promise<i18n> {
  let ready = instances.get(lng);
  if (!ready) {
    const instance = createInstance();
    ready = instance
      .use(initReactI18next)
      .init({
        lng,
        fallbackLng: defaultLanguage,
        defaultNS,
        resources,
        interpolation: { escapeValue: false },
      })
      .then(() => keepLanguageChain(instance));
    instances.set(lng, ready);
  }
  return ready;
}

interface LanguageUtils {
  toResolveHierarchy(code: unknown, fallback?: unknown): string[];
}

/**
 * i18next works out a language's fallback chain on every t() call, through Intl.getCanonicalLocales (about 3 % of
 * a page's server time in a profile); an instance's chain never changes, so it is worked out once per code.
 */
function keepLanguageChain(instance: i18n): i18n {
  const utils = instance.services.languageUtils as LanguageUtils;
  const chainOf = utils.toResolveHierarchy.bind(utils);
  const kept = new Map<string, string[]>();
  utils.toResolveHierarchy = (code, fallback) => {
    if (typeof code !== "string" || fallback !== undefined) return chainOf(code, fallback);
    let chain = kept.get(code);
    if (!chain) kept.set(code, (chain = chainOf(code)));
    // A copy: i18next keeps some of these arrays (its `languages`), and none may change the kept one.
    return [...chain];
  };
  return instance;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // An achievement page asked for as JSON-LD (Accept) answers its JSON-LD, not HTML.
  const linkedData = linkedDataResponse(request, responseStatusCode, responseHeaders, remixContext);
  if (linkedData) return linkedData;
  // The root loader's language (account, then cookie), the one <html lang> carries to the browser.
  const instance = await i18nFor(renderLanguage(remixContext.staticHandlerContext.loaderData.root));
  const nonce = loadContext.cspNonce ?? "";
  const app = (
    <NonceProvider value={nonce}>
      <I18nextProvider i18n={instance}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </I18nextProvider>
    </NonceProvider>
  );
  const keepKey = keepableVerificationPage(request, responseStatusCode, remixContext);
  if (keepKey !== null) {
    const html = await renderToHtml(app, nonce);
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    const headers = Object.fromEntries(responseHeaders);
    rememberVerificationPage(keepKey, { status: responseStatusCode, headers, html }, nonce);
    return new Response(html, {
      headers: responseHeaders,
      status: responseStatusCode,
    });
  }
  const callback = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      [callback]() {
        shellRendered = true;
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(
          new Response(stream, {
            headers: responseHeaders,
            status: responseStatusCode,
          }),
        );
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
