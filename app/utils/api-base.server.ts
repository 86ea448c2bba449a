import { env } from "./env.server";

/** Where /api/v1 lives, from configuration (APP_URL), never from request headers; "" means relative to the page. */
export function apiServerBase() {
  return (env().APP_URL ?? "").replace(/\/+$/, "");
}
