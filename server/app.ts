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
 * ~5 % more bytes (bench/exam-start-cost.mjs).
 */
export function responseCompression(): RequestHandler {
  return compression({ level: 3 });
}

/**
 * For Remix's answers: Remix writes a page as dozens of small chunks (React's 2 KB views, the loader data's script),
 * each followed by a flush. gzip handles every write as a call of its own, and every flush ends a deflate block and
 * makes its own socket write. Here a turn of the event loop's chunks are held and written as one, with one flush, so
 * streamed content still goes out as it comes, at a fraction of the cost. Remix ignores write()'s backpressure answer,
 * so holding a turn's chunks changes nothing for it; static files, piped with backpressure, do not come through here.
 */
export function coalescedWrites(): RequestHandler {
  return (_req, res, next) => {
    const write = res.write.bind(res) as (chunk: Buffer) => boolean;
    const end = res.end.bind(res) as (callback?: () => void) => typeof res;
    const flush = typeof res.flush === "function" ? res.flush.bind(res) : () => {};
    let held: Buffer[] = [];
    let scheduled = false;
    const hold = (chunk: unknown, encoding?: unknown) => {
      if (typeof chunk === "string")
        held.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
      else if (chunk instanceof Uint8Array) held.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    };
    const release = () => {
      if (held.length) write(held.length === 1 ? held[0]! : Buffer.concat(held));
      held = [];
    };
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        if (res.writableEnded) return;
        release();
        flush();
      });
    };
    res.write = ((chunk: unknown, encoding?: unknown) => {
      hold(chunk, encoding);
      schedule();
      return true;
    }) as typeof res.write;
    res.flush = schedule;
    res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
      const done = [chunk, encoding, callback].find((a) => typeof a === "function") as (() => void) | undefined;
      if (typeof chunk !== "function") hold(chunk, encoding);
      release();
      return done ? end(done) : end();
    }) as typeof res.end;
    next();
  };
}

export function createApp({ build, production, appUrl, trustProxy, devAssets, verificationPage }: AppOptions) {
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", true);
  // First, before anything reads the body: 405 for unknown methods, body limits, NUL / invalid Unicode.
  app.use(methodGuard());
  app.use(urlGuard());
  app.use(bodyLimit());
  app.use(responseCompression());

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
    coalescedWrites(),
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
