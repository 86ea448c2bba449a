import type { IncomingMessage, ServerResponse } from "node:http";
import { type ExamSaveAnswer, type ExamSaveRequest, examSaveHeaders } from "../app/utils/exam-save.server";
import { requestClientIp } from "../app/utils/request.server";
import { isCrossSiteMutation } from "../app/utils/request-guard.server";
import { hasForbiddenText, limitFor, REFUSED_TEXT } from "./request-limits";
import { jsonSecurityHeaders } from "./security-headers";

/** Saves an answer (app/utils/exam-save.server.ts: the same function the route calls). */
export type AnswerExamSave = (request: ExamSaveRequest) => Promise<ExamSaveAnswer>;

const SAVE_PATH = /^\/exams\/attempts\/([0-9a-fA-F-]{1,64})\/save$/;

/**
 * An exam day's most frequent request, a save every 15 s per candidate: Express and Remix cost it about a third of
 * its CPU (docs/decisions/016-exam-save-fast-path.md), so the HTTP server hands it here first. Only a save that
 * passes every check the middleware would make without reading the body is taken: POST to exactly this path,
 * JSON with a declared length within the path's limit, not cross-site by Origin or Sec-Fetch-Site against APP_URL.
 * Anything else (no APP_URL in development, chunked, cross-site, a query string) goes on to Express, whose guards
 * answer it as before; so does a body with NUL bytes or invalid Unicode, refused here with their message.
 * Returns false when the request is not taken.
 */
export function examSaveFastPath(
  answer: AnswerExamSave,
  options: { appUrl?: string; trustProxy: boolean; production: boolean },
) {
  const security = jsonSecurityHeaders(options.production);
  const expectedOrigin = options.appUrl ? new URL(options.appUrl).origin : null;
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "POST" || !expectedOrigin) return false;
    const match = SAVE_PATH.exec(req.url ?? "");
    if (!match) return false;
    const contentType = req.headers["content-type"] ?? "";
    const declared = Number(req.headers["content-length"] ?? Number.NaN);
    if (!/^application\/json/i.test(contentType) || !(declared >= 0 && declared <= limitFor(req.url!))) return false;
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    if (
      isCrossSiteMutation({
        method: "POST",
        origin: header("origin"),
        secFetchSite: header("sec-fetch-site"),
        expectedOrigin,
      })
    )
      return false;

    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", () => res.destroy());
    req.on("end", () => {
      const bytes = Buffer.concat(chunks);
      if (hasForbiddenText(bytes, contentType)) {
        res.writeHead(400, { ...security, "Content-Type": "text/plain; charset=utf-8" });
        res.end(REFUSED_TEXT);
        return;
      }
      let body: unknown = null;
      try {
        body = JSON.parse(bytes.toString("utf8"));
      } catch {
        // Not JSON: the save refuses it as invalid, as the route does.
      }
      answer({
        attemptId: match[1]!,
        cookieHeader: header("cookie") ?? null,
        body,
        clientIp: requestClientIp(req, options.trustProxy),
      }).then(
        (result) => {
          res.writeHead(result.status, {
            ...security,
            "X-Content-Type-Options": "nosniff",
            ...examSaveHeaders(result),
          });
          res.end(result.body);
        },
        (error: unknown) => {
          // The answer queue in the page keeps the answer and sends it again on a 5xx.
          console.error("exam save:", error);
          res.writeHead(500, { ...security, "Content-Type": "application/json", "Cache-Control": "no-store" });
          res.end(JSON.stringify({ ok: false, reason: "server" }));
        },
      );
    });
    return true;
  };
}
