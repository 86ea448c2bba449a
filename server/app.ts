import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Response } from "express";
import helmet from "helmet";
import crypto from "node:crypto";
import path from "node:path";
import { originGuard } from "./origin-guard";

export interface AppOptions {
  build: ServerBuild;
  production: boolean;
  /** The public origin (APP_URL); when absent, the request's own host is expected. */
  appUrl?: string;
  trustProxy: boolean;
  /** The kept public verification page for anonymous visitors (app/modules/verification/page-cache.server.ts). */
  verificationPage?: (request: { code: string; cookieHeader: string | null; nonce: string }) => Promise<KeptPage | null>;
}

interface KeptPage {
  status: number;
  headers: Record<string, string>;
  html: string;
}

export function createApp({ build, production, appUrl, trustProxy, verificationPage }: AppOptions) {
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", true);
  app.use(compression());

  // A fresh nonce per response lets Remix's inline scripts run under a strict CSP.
  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          "style-src": ["'self'"],
          // Progress bars set their width in a style attribute; style attributes cannot run code.
          "style-src-attr": ["'unsafe-inline'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "connect-src": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "base-uri": ["'self'"],
          "object-src": ["'none'"],
        },
      },
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      strictTransportSecurity: production ? { maxAge: 63072000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
    }),
  );

  app.use(originGuard(appUrl));

  // Vite fingerprints everything under /assets: cache it for a year. Only paths that look like
  // files reach the static handlers, so page requests skip a filesystem stat (bench/).
  const assets = express.static("build/client/assets", { immutable: true, maxAge: "1y", index: false });
  const publicFiles = express.static("build/client", { maxAge: "1h", index: false });
  app.use("/assets", (req, res, next) => assets(req, res, next));
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

  // A QR scan's page, already rendered for these exact inputs, skips Remix; signed-in visitors (whose page
  // shows their own menu) and anything with a query string always get a fresh render.
  if (verificationPage) {
    app.get("/verify/:code", (req, res, next) => {
      const cookieHeader = req.headers.cookie ?? null;
      if (cookieHeader?.includes("tma_session=") || req.originalUrl.includes("?")) return next();
      verificationPage({ code: req.params.code, cookieHeader, nonce: res.locals.cspNonce as string }).then((page) => {
        if (!page) return next();
        // Says which answers came from a kept render (tests and operators can tell).
        res.status(page.status).set(page.headers).set("X-Page-Cache", "hit").end(page.html);
      }, (error: unknown) => {
        // Remix renders the page (or its error page) itself.
        console.error("verification page:", error);
        next();
      });
    });
  }

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      }),
    }),
  );
  return app;
}
