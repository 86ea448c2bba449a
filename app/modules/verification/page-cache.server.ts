import { randomBytes } from "node:crypto";
import type { DbOrTx } from "#db/client";
import { requestLanguage } from "~/i18n/i18n.server";
import { singleton } from "~/utils/singleton.server";
import { recordCheckInBackground } from "./checks.server";
import { findCertificate, parseVerificationQuery, queryText, type FoundCertificate } from "./lookup.server";
import { verificationLimits } from "./rate-limit.server";

/**
 * The public verification page is what a QR scan opens, so it is the page hit hardest; rendering it with
 * React costs far more than finding the certificate (bench/). The rendered HTML is a pure function of
 * the page's inputs — the language, the code and the certificate's public view (which carries its
 * current status) — so it is kept, keyed by exactly those inputs, for visitors who are not signed in.
 * Each request still reads the certificate: a revocation changes the view, hence the key, and the very
 * next request renders afresh. Nothing is ever served that a fresh render would not produce.
 */

// The loader data of pages that may be kept. The render is recognised by its data, not by a route's id or
// file name: whichever route returns verificationPageData() as its leaf renders a keepable page.
const keepableData = new WeakSet<object>();

/** What the page's loader returns for a certificate that was found (also part of the cache key). */
export function verificationPageData(found: FoundCertificate) {
  const data = { found: true as const, certificate: found.view };
  keepableData.add(data);
  return data;
}

/** Whether a route's loader data is the public page of a found certificate, made by verificationPageData(). */
export function isVerificationPageData(value: unknown): value is ReturnType<typeof verificationPageData> {
  return typeof value === "object" && value !== null && keepableData.has(value);
}

export function verificationPageKey(language: string, code: string, pageData: unknown): string {
  return `${language}\n${code}\n${JSON.stringify(pageData)}`;
}

export interface RenderedPage {
  status: number;
  headers: Record<string, string>;
  html: string;
}

// Each response carries a fresh CSP nonce. Kept pages hold this slot in its place; the slot is random per
// process, and React escapes page text, so no content can smuggle it in. Pages are kept by the Remix build's
// render and served by the server, so the slot and the pages are one per process (singleton.server.ts).
const kept = singleton("verification-pages", () => ({
  slot: `tma-nonce-${randomBytes(16).toString("hex")}`,
  pages: new Map<string, RenderedPage>(),
}));
const NONCE_SLOT = kept.slot;
/** A few hundred pages of ~15 KB: the certificates being checked right now, not every certificate. */
const MAX_PAGES = 300;
const pages = kept.pages;
const REPLAYED_HEADERS = new Set(["content-type", "cache-control"]);

/** Keeps a page rendered for an anonymous visitor; `nonce` is the one it was rendered with. */
export function rememberVerificationPage(key: string, page: RenderedPage, nonce: string): void {
  if (!nonce) return;
  // Only what describes the document is replayed: never a cookie or anything else meant for one visitor.
  const headers = Object.fromEntries(
    Object.entries(page.headers).filter(([name]) => REPLAYED_HEADERS.has(name.toLowerCase())),
  );
  pages.delete(key);
  pages.set(key, { status: page.status, headers, html: page.html.replaceAll(nonce, NONCE_SLOT) });
  if (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value!);
}

function keptPage(key: string, nonce: string): RenderedPage | null {
  const page = pages.get(key);
  if (!page) return null;
  // Recently used pages stay longest.
  pages.delete(key);
  pages.set(key, page);
  return { ...page, html: page.html.replaceAll(NONCE_SLOT, nonce) };
}

/** Forgets every kept page (tests). */
export function forgetVerificationPages(): void {
  pages.clear();
}

/**
 * The kept page for GET /verify/<code> by a visitor who is not signed in, with `nonce` in place, and the
 * check logged; null when there is none (the request then goes to Remix, whose render is kept for next time).
 * A kept page is counted like any other look-up, against the address's budget shared with the API; an address
 * over it gets null, and the route answers 429 with its page.
 */
export async function keptVerificationPage(
  db: DbOrTx,
  request: { code: string; cookieHeader: string | null; nonce: string; clientIp: string },
): Promise<RenderedPage | null> {
  const query = parseVerificationQuery(request.code);
  // Other spellings are redirected to the canonical address by the route.
  if (!query || queryText(query) !== request.code) return null;
  // Refused before the database is asked; the token is taken only for a page served here (a miss is counted
  // by the route's loader), so one request never counts twice.
  const limits = await verificationLimits();
  if (!(await limits.apiAnonymous.peek(request.clientIp)).allowed) return null;
  const found = await findCertificate(db, query);
  if (!found) return null;
  const language = await requestLanguage(
    new Request("http://localhost/", { headers: request.cookieHeader ? { Cookie: request.cookieHeader } : {} }),
  );
  const key = verificationPageKey(language, request.code, verificationPageData(found));
  if (!pages.has(key) || !(await limits.apiAnonymous.take(request.clientIp)).allowed) return null;
  const page = keptPage(key, request.nonce);
  if (page) recordCheckInBackground(db, { certificateId: found.id, query: request.code, kind: "page" });
  return page;
}
