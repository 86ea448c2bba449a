import type { Response } from "express";
import helmet from "helmet";

// The security headers of every answer the server gives, in one place: documents through Express (helmet,
// with the request's CSP nonce) and the JSON verification API answered before Express (a fixed set).

/** Two years, subdomains included; sent in production only (development runs over plain HTTP). */
const HSTS_MAX_AGE_S = 63072000;
const HSTS = `max-age=${HSTS_MAX_AGE_S}; includeSubDomains`;

/** Pages: a strict CSP whose scripts run by the response's nonce (res.locals.cspNonce), and helmet's defaults. */
export function documentSecurity(production: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        "style-src": ["'self'"],
        // Progress bars set their width in a style attribute; style attributes cannot run code.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
      },
    },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    strictTransportSecurity: production ? { maxAge: HSTS_MAX_AGE_S, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}

/** JSON answers need none of the page's CSP machinery: nothing in them may load or run anything. */
export function jsonSecurityHeaders(production: boolean): Readonly<Record<string, string>> {
  return {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    ...(production ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
