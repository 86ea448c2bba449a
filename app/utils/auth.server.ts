import { redirect } from "@remix-run/node";
import * as cookie from "cookie";
import { type SessionUser, validateSession, type ValidSession } from "~/modules/orgs/index.server";
import { db } from "./db.server";
import { env } from "./env.server";

export const SESSION_COOKIE = "tma_session";
// The database decides when a session ends (sliding inactivity); the cookie lives as long as
// browsers allow so that an active session is never cut off by a stale cookie expiry.
const COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;

export function sessionCookie(token: string) {
  return cookie.serialize(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production",
    path: "/",
    maxAge: COOKIE_MAX_AGE_S,
  });
}

export function clearedSessionCookie() {
  return cookie.serialize(SESSION_COOKIE, "", {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production",
    path: "/",
    maxAge: 0,
  });
}

// Root and route loaders of one request share the lookup.
const cache = new WeakMap<Request, Promise<ValidSession | null>>();

export function getSession(request: Request): Promise<ValidSession | null> {
  let found = cache.get(request);
  if (!found) {
    const token = cookie.parse(request.headers.get("Cookie") ?? "")[SESSION_COOKIE];
    found = token ? db().then((d) => validateSession(d, token)) : Promise.resolve(null);
    cache.set(request, found);
  }
  return found;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null;
}

/** The signed-in user, or a redirect to sign-in that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

export async function requireAnonymous(request: Request) {
  if (await getUser(request)) throw redirect("/");
}
