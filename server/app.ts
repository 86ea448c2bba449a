import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type RequestHandler } from "express";
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { hasSessionCookie, requestClientIp } from "../app/utils/request.server";
import { originGuard } from "./origin-guard";
import { bodyLimit, methodGuard, urlGuard } from "./request-limits";
import { documentSecurity } from "./security-headers";

export interface AppOptions {
  /** The Remix build: the production bundle, or (development) a function that asks Vite for the current one. */
  build: ServerBuild | (() => Promise<ServerBuild>);
  production: boolean;
  /** The public origin (APP_URL); when absent, the request's own host is expected. */
  appUrl?: string;
  trustProxy: boolean;
  /**
   * Development: Vite's middlewares, which serve the app's modules, assets and HMR client in place of
   * build/client. Absent in production.
   */
  devAssets?: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
  /** The kept public verification page for anonymous visitors (app/modules/verification/page-cache.server.ts). */
  verificationPage?: (request: {
    code: string;
    cookieHeader: string | null;
    nonce: string;
    /** Kept pages count against the address's verification budget, shared with the API. */
    clientIp: string;
  }) => Promise<KeptPage | null>;
}

interface KeptPage {
  status: number;
  headers: Record<string, string>;
  html: string;
}

/**
 * gzip for responses, at level 3 rather than zlib's 6: a 50-question exam page compresses in about half the time for
 * ~5 % more bytes (bench/exam-start-cost.mjs). Remix flushes after every chunk it writes (dozens per page, some a
 * few bytes), and each flush ends a deflate block and makes its own socket write: one flush per turn of the event
 * loop still sends streamed data as it comes, at a fraction of the cost.
 */
export function responseCompression(): RequestHandler[] {
  return [
    compression({ level: 3 }),
    (_req, res, next) => {
      const flush = res.flush.bind(res);
      let pending = false;
      res.flush = () => {
        if (pending) return;
        pending = true;
        setImmediate(() => {
          pending = false;
          flush();
        });
      };
      next();
    },
  ];
}

export function createApp({ build, production, appUrl, trustProxy, devAssets, verificationPage }: AppOptions) {
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", true);
  // First, before anything reads the body: 405 for unknown methods, body limits, NUL / invalid Unicode.
  app.use(methodGuard());
  app.use(urlGuard());
  app.use(bodyLimit());
  app.use(...responseCompression());

  // A fresh nonce per response lets Remix's inline scripts run under a strict CSP.
  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(documentSecurity(production));

  app.use(originGuard(appUrl));

  if (devAssets) {
    app.use(devAssets);
  } else {
    // Vite fingerprints everything under /assets: cache it for a year. Only paths that look like
    // files reach the static handlers, so page requests skip a filesystem stat (bench/).
    const assets = express.static("build/client/assets", { immutable: true, maxAge: "1y", index: false });
    const publicFiles = express.static("build/client", { maxAge: "1h", index: false });
    app.use("/assets", (req, res, next) => assets(req, res, next));
    app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));
  }

  // A QR scan's page, already rendered for these exact inputs, skips Remix; signed-in visitors (whose page
  // shows their own menu) and anything with a query string always get a fresh render.
  if (verificationPage) {
    app.get("/verify/:code", (req, res, next) => {
      const cookieHeader = req.headers.cookie ?? null;
      if (hasSessionCookie(cookieHeader) || req.originalUrl.includes("?")) return next();
      verificationPage({
        code: req.params.code,
        cookieHeader,
        nonce: res.locals.cspNonce as string,
        clientIp: requestClientIp(req, trustProxy),
      }).then(
        (page) => {
          if (!page) return next();
          // Says which answers came from a kept render (tests and operators can tell).
          res.status(page.status).set(page.headers).set("X-Page-Cache", "hit").end(page.html);
        },
        (error: unknown) => {
          // Remix renders the page (or its error page) itself.
          console.error("verification page:", error);
          next();
        },
      );
    });
  }

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: devAssets ? "development" : "production",
      // What routes get from the server: the response's CSP nonce and the caller's address (the one reader).
      getLoadContext: (req, res): AppLoadContext => ({
        cspNonce: res.locals.cspNonce as string,
        clientIp: requestClientIp(req, trustProxy),
      }),
    }),
  );
  return app;
}
