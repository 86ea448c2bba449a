import { redirect } from "@remix-run/node";
import * as cookie from "cookie";
import { needsSecondFactor, type SessionUser, validateSession, type ValidSession } from "~/modules/orgs/index.server";
import { hasCurrentConsent } from "~/modules/privacy/index.server";
import { db } from "./db.server";
import { env, twoFactorRequired } from "./env.server";

/** The code step after the password, and the page where a person sets up their authenticator. */
export const TWO_FACTOR_SIGN_IN_PATH = "/sign-in/two-factor";
export const TWO_FACTOR_SETTINGS_PATH = "/account/two-factor";
/** Where someone who has not agreed to the current privacy notice is asked to (docs/privacy.md). */
export const PRIVACY_CONSENT_PATH = "/privacy/consent";

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
    found = sessionFromCookieHeader(request.headers.get("Cookie"));
    cache.set(request, found);
  }
  return found;
}

/** The session a Cookie header carries (the server's exam-save fast path has no Fetch Request). */
export function sessionFromCookieHeader(cookieHeader: string | null): Promise<ValidSession | null> {
  const token = cookie.parse(cookieHeader ?? "")[SESSION_COOKIE];
  return token ? db().then((d) => validateSession(d, token)) : Promise.resolve(null);
}

/** The signed-in user a Cookie header carries; a session still waiting for its second factor is not signed in yet. */
export async function userFromCookieHeader(cookieHeader: string | null): Promise<SessionUser | null> {
  return signedIn(await sessionFromCookieHeader(cookieHeader));
}

function signedIn(session: ValidSession | null): SessionUser | null {
  return session && session.twoFactor !== "pending" ? session.user : null;
}

/** The signed-in user; a session still waiting for its second factor is not signed in yet. */
export async function getUser(request: Request): Promise<SessionUser | null> {
  return signedIn(await getSession(request));
}

function comeBack(request: Request, to: string): string {
  const url = new URL(request.url);
  return `${to}?redirectTo=${encodeURIComponent(url.pathname + url.search)}`;
}

/** Whether the platform requires this person's roles to have an authenticator and they have none yet. */
export function mustEnrolSecondFactor(session: ValidSession): boolean {
  return session.twoFactor === "off" && twoFactorRequired() && needsSecondFactor(session.user);
}

/**
 * A session that has passed sign-in, its second factor included: else a redirect to sign-in or to the code
 * step, each coming back here afterwards. The two-factor settings page itself uses this (no enrolment detour).
 */
export async function requireFullSession(request: Request): Promise<ValidSession> {
  const session = await getSession(request);
  if (!session) throw redirect(comeBack(request, "/login"));
  if (session.twoFactor === "pending") throw redirect(comeBack(request, TWO_FACTOR_SIGN_IN_PATH));
  return session;
}

/**
 * The signed-in user, or a redirect to sign-in (or its code step) that comes back here afterwards. Someone the
 * platform requires to have a second factor and who has none is sent to set one up before anything else; then
 * someone who has not agreed to the current privacy notice is asked to (sign-out needs neither).
 */
export async function requireUser(request: Request): Promise<SessionUser> {
  const session = await requireFullSession(request);
  if (mustEnrolSecondFactor(session)) throw redirect(comeBack(request, TWO_FACTOR_SETTINGS_PATH));
  if (!(await hasCurrentConsent(await db(), session.user.id))) throw redirect(comeBack(request, PRIVACY_CONSENT_PATH));
  return session.user;
}

/** The code step: a session waiting for its second factor. Anyone else has nothing to do there. */
export async function requirePendingSession(request: Request, elsewhere = "/"): Promise<ValidSession> {
  const session = await getSession(request);
  if (!session) throw redirect("/login");
  if (session.twoFactor !== "pending") throw redirect(elsewhere);
  return session;
}

export async function requireAnonymous(request: Request) {
  if (await getUser(request)) throw redirect("/");
}
