import type { IncomingMessage, ServerResponse } from "node:http";

/** What the Remix build's entry answers for the JSON verification API (app/modules/verification/api.server.ts). */
export interface VerificationApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}
export type AnswerVerificationApi = (request: {
  code: string;
  name: string | null;
  authorization: string | null;
  clientIp: string;
}) => Promise<VerificationApiAnswer>;

export const VERIFICATION_API_PREFIX = "/api/v1/certificates/";

// A JSON answer needs none of the page's CSP machinery: nothing in it may load or run anything.
const SECURITY_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
};

/** The client's address as Express reports it: with `trust proxy`, the first X-Forwarded-For entry. */
export function requestIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

/**
 * The public JSON API is the path employers and QR scans hit hardest. Express and Remix cost it most of
 * its throughput (bench/), so the HTTP server hands GETs of exactly this path here first; everything
 * else (other methods, malformed paths) goes on to Express and Remix, which serve the same answer.
 * Returns false when the request is not for this path.
 */
export function verificationApiFastPath(answer: AnswerVerificationApi, options: { trustProxy: boolean; production: boolean }) {
  const security: Record<string, string> = options.production
    ? { ...SECURITY_HEADERS, "Strict-Transport-Security": "max-age=63072000; includeSubDomains" }
    : SECURITY_HEADERS;
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? "";
    if (req.method !== "GET" || !url.startsWith(VERIFICATION_API_PREFIX)) return false;
    const queryStart = url.indexOf("?");
    const segment = url.slice(VERIFICATION_API_PREFIX.length, queryStart < 0 ? undefined : queryStart);
    if (!segment || segment.includes("/")) return false;
    let code: string;
    try {
      code = decodeURIComponent(segment);
    } catch {
      return false;
    }
    const name = queryStart < 0 ? null : new URLSearchParams(url.slice(queryStart + 1)).get("name");
    answer({ code, name, authorization: req.headers.authorization ?? null, clientIp: requestIp(req, options.trustProxy) }).then(
      (result) => {
        res.writeHead(result.status, { ...security, ...result.headers });
        res.end(result.body);
      },
      // The build answers its own failures (503 with a message); this is only for a bug in that answer.
      (error: unknown) => {
        console.error("verification API:", error);
        res.writeHead(500, { ...security, "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
        res.end(JSON.stringify({ error: "internal" }));
      },
    );
    return true;
  };
}
