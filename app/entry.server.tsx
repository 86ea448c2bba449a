import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance, type i18n } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { NonceProvider } from "./components/nonce";
import { defaultLanguage, defaultNS, type Language } from "./i18n/config";
import { requestLanguage } from "./i18n/i18n.server";
import { resources } from "./i18n/resources";

// The server's entry points for our Express server (server/index.ts): one database per process.
export { boot, deliverMail, remindExpiringCertificates, shutdown, sweepAttempts } from "./utils/boot.server";
export { env } from "./utils/env.server";

const ABORT_DELAY = 5_000;

// One i18next instance per language, made once: a request never changes its instance's language,
// and building one per request cost about a tenth of a page's server time (bench/).
const instances = new Map<Language, Promise<i18n>>();
function i18nFor(lng: Language): Promise<i18n> {
  let ready = instances.get(lng);
  if (!ready) {
    const instance = createInstance();
    ready = instance
      .use(initReactI18next)
      .init({ lng, fallbackLng: defaultLanguage, defaultNS, resources, interpolation: { escapeValue: false } })
      .then(() => instance);
    instances.set(lng, ready);
  }
  return ready;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const instance = await i18nFor(await requestLanguage(request));
  const nonce = loadContext.cspNonce ?? "";
  const callback = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [callback]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
