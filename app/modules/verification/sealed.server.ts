import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { env } from "~/utils/env.server";

let sealingKey: Buffer | undefined;

/**
 * The key that seals values handed to the browser to bring back later. Every app copy derives the same
 * one from SIGNING_KEY (HKDF, its own purpose label, so it reveals nothing about the signing key);
 * without SIGNING_KEY — the embedded database, one process — a random key per process will do.
 */
function key(): Buffer {
  if (!sealingKey) {
    const { SIGNING_KEY } = env();
    sealingKey = SIGNING_KEY
      ? Buffer.from(hkdfSync("sha256", SIGNING_KEY.trim(), "tm-academy", "sealed form values v1", 32))
      : randomBytes(32);
  }
  return sealingKey;
}

function mac(payload: string) {
  return createHmac("sha256", key()).update(payload).digest();
}

/** A value packed (compressed), stamped with an expiry and signed, as one URL-safe string. */
export function seal(value: unknown, ttlMs: number, now = new Date()): string {
  const json = JSON.stringify({ exp: now.getTime() + ttlMs, value });
  const payload = deflateRawSync(Buffer.from(json, "utf8")).toString("base64url");
  return `${payload}.${mac(payload).toString("base64url")}`;
}

/** The sealed value, or null when the string was altered, sealed by another key or has expired. */
export function unseal<T>(token: string, now = new Date()): T | null {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = mac(payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const { exp, value } = JSON.parse(inflateRawSync(Buffer.from(payload, "base64url")).toString("utf8")) as {
    exp: number;
    value: T;
  };
  return now.getTime() < exp ? value : null;
}
