/**
 * Cross-site request forgery defence, applied by the server to every request before Remix runs.
 * A state-changing request is refused when the browser says it came from another site
 * (Sec-Fetch-Site) or names another origin (Origin). Requests carrying neither header do not come
 * from a browser page, so they cannot carry a victim's cookies by forgery.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteMutation(input: {
  method: string;
  origin?: string | null;
  secFetchSite?: string | null;
  /** The origin this app is served at, e.g. https://academy.example.cn */
  expectedOrigin: string;
}): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return false;
  if (input.secFetchSite) {
    // "none" is a navigation the person started themselves (typed URL, bookmark).
    if (input.secFetchSite !== "same-origin" && input.secFetchSite !== "none") return true;
  }
  if (input.origin) {
    if (input.origin === "null") return true;
    if (input.origin !== input.expectedOrigin) return true;
  }
  return false;
}
