import * as cookie from "cookie";
import { randomBytes } from "node:crypto";
import { hashDeviceToken } from "~/modules/exams/index.server";
import { env } from "./env.server";

/**
 * The browser an exam attempt is bound to (docs/exam-integrity.md): a random token in an httpOnly cookie,
 * only its SHA-256 in the database. One token per browser, kept across attempts; a page script cannot read it.
 */
export const EXAM_DEVICE_COOKIE = "tma_exam_device";

/** This browser's device hash, or null when it has no token yet. */
export function examDeviceHash(request: Request): string | null {
  return examDeviceHashOf(request.headers.get("Cookie"));
}

/** The device hash a Cookie header carries, or null (the server's exam-save fast path has no Fetch Request). */
export function examDeviceHashOf(cookieHeader: string | null): string | null {
  const token = cookie.parse(cookieHeader ?? "")[EXAM_DEVICE_COOKIE];
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? hashDeviceToken(token) : null;
}

/** The browser's device hash, making a token (and the Set-Cookie header to give it) when it has none. */
export function ensureExamDevice(request: Request): { deviceHash: string; setCookie: string | null } {
  const existing = examDeviceHash(request);
  if (existing) return { deviceHash: existing, setCookie: null };
  const token = randomBytes(32).toString("base64url");
  return {
    deviceHash: hashDeviceToken(token)!,
    setCookie: cookie.serialize(EXAM_DEVICE_COOKIE, token, {
      httpOnly: true,
      sameSite: "lax",
      secure: env().NODE_ENV === "production",
      path: "/",
      maxAge: 400 * 24 * 60 * 60,
    }),
  };
}
