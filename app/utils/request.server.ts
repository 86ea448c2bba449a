import type { AppLoadContext } from "@remix-run/node";
import type { IncomingMessage } from "node:http";
import { SESSION_COOKIE } from "./auth.server";
import { env } from "./env.server";

/** The caller's address as the server read it (requestClientIp) and passed it in the load context. */
export function clientIp(context: AppLoadContext): string {
  return context.clientIp ?? "unknown";
}

/**
 * The one reader of the caller's address, for the server's fast path and for the load context alike. Behind
 * a proxy we trust (TRUST_PROXY=true) it is the first X-Forwarded-For entry, as Express's `trust proxy`
 * reads it; otherwise the connection's own address.
 */
export function requestClientIp(req: Pick<IncomingMessage, "headers" | "socket">, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

/** Whether a Cookie header carries a session cookie (valid or not): such visitors always get a fresh render. */
export function hasSessionCookie(cookieHeader: string | null | undefined): boolean {
  return cookieHeader?.includes(`${SESSION_COOKIE}=`) ?? false;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The base of links in e-mails and set-password links: APP_URL (required in production). Without it
 * (development, tests) only a local origin of the request is trusted, else http://localhost:<PORT>, so a
 * forged Host header never reaches a link (docs/security.md, finding 1).
 */
export function appUrl(request: Request): string {
  const e = env();
  if (e.APP_URL) return e.APP_URL.replace(/\/+$/, "");
  const origin = new URL(request.url);
  return LOCAL_HOSTS.has(origin.hostname) ? origin.origin : `http://localhost:${e.PORT}`;
}
