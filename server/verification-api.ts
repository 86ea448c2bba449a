import type { IncomingMessage, ServerResponse } from "node:http";
import type { VerificationApiAnswer, VerificationApiRequest } from "../app/modules/verification/index.server";
import { requestClientIp } from "../app/utils/request.server";
import { jsonSecurityHeaders } from "./security-headers";

/** Answers the JSON verification API (app/utils/verification.server.ts: the same function the route calls). */
export type AnswerVerificationApi = (request: VerificationApiRequest) => Promise<VerificationApiAnswer>;

export const VERIFICATION_API_PREFIX = "/api/v1/certificates/";

/**
 * The public JSON API is the path employers and QR scans hit hardest. Express and Remix cost it most of
 * its throughput (bench/), so the HTTP server hands GETs of exactly this path here first; everything
 * else (other methods, malformed paths) goes on to Express and Remix, which serve the same answer.
 * Returns false when the request is not for this path.
 */
export function verificationApiFastPath(
  answer: AnswerVerificationApi,
  options: { trustProxy: boolean; production: boolean },
) {
  const security = jsonSecurityHeaders(options.production);
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
    answer({
      code,
      name,
      authorization: req.headers.authorization ?? null,
      clientIp: requestClientIp(req, options.trustProxy),
    }).then(
      (result) => {
        res.writeHead(result.status, { ...security, ...result.headers });
        res.end(result.body);
      },
      // The answer handles its own failures (503 with a message); this is only for a bug in that answer.
      (error: unknown) => {
        console.error("verification API:", error);
        res.writeHead(500, {
          ...security,
          "Content-Type": "application/json; charset=utf-8",
          "Cache-Control": "no-store",
        });
        res.end(JSON.stringify({ error: "internal" }));
      },
    );
    return true;
  };
}
