import type { AppLoadContext } from "@remix-run/node";
import { env } from "./env.server";

export function clientIp(context: AppLoadContext): string {
  return context.clientIp ?? "unknown";
}

/** The base of links in e-mails: APP_URL when set, else the origin the request came to. */
export function appUrl(request: Request): string {
  return env().APP_URL?.replace(/\/$/, "") ?? new URL(request.url).origin;
}
