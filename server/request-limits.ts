import type { NextFunction, Request, RequestHandler, Response } from "express";

/**
 * Guards every request before Remix reads it (docs/security.md, findings 5, 6 and 11):
 * - methods other than GET, HEAD and POST answer 405 (Remix's routes use no others);
 * - a body is limited per route while it streams: a declared length over the limit is refused at once, and a
 *   body sent without one is cut off with 413 the moment it passes the limit, so memory never grows with it;
 * - a form or JSON body (small, read whole) with NUL bytes or invalid Unicode is refused with a 400 and a
 *   bilingual message before any route sees it; file uploads stream through to their parsers.
 */

const ALLOWED_METHODS = new Set(["GET", "HEAD", "POST"]);

export function methodGuard(): RequestHandler {
  return (req, res, next) => {
    if (ALLOWED_METHODS.has(req.method)) return next();
    res
      .status(405)
      .set("Allow", "GET, HEAD, POST")
      .type("text/plain; charset=utf-8")
      .end("方法不允许 · Method not allowed");
  };
}

/** Whether a URL's path or query holds NUL, invalid percent-encoding or invalid Unicode once decoded. */
export function hasForbiddenUrl(url: string): boolean {
  const q = url.indexOf("?");
  const parts = [q < 0 ? url : url.slice(0, q), ...(q < 0 ? [] : url.slice(q + 1).split("&"))];
  for (const part of parts) {
    try {
      if (FORBIDDEN_TEXT.test(decodeURIComponent(part.replace(/\+/g, " ")))) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** A URL with NUL bytes or invalid Unicode in its path or query is a 400 before any route reads it. */
export function urlGuard(): RequestHandler {
  return (req, res, next) => (hasForbiddenUrl(req.originalUrl) ? refuse(res, 400, REFUSED_TEXT) : next());
}

export interface BodyLimits {
  /** Bytes for any route not listed. */
  defaultBytes: number;
  /** [path pattern, bytes]: the first that matches the path wins. */
  routes: [RegExp, number][];
}

/** The app's limits: uploads get room for their files, every other form 1 MB. */
export const APP_BODY_LIMITS: BodyLimits = {
  defaultBytes: 1024 * 1024,
  routes: [
    // Evidence: up to 10 files of 5 MB (app/modules/portfolio) and the form's fields.
    [/^\/portfolio\/[^/]+\/?$/, 51 * 1024 * 1024],
    // Spreadsheets of at most 5 MB (app/modules/spreadsheets) with the form's fields.
    [/^\/manage\/organizations\/[^/]+\/(import|verify-bulk)\/?$/, 6 * 1024 * 1024],
  ],
};

const TEXT_BODY = /^(application\/x-www-form-urlencoded|application\/json|text\/plain)/i;
// What a person could type never contains these: NUL, and the replacement character a bad decode leaves.
const FORBIDDEN_TEXT = /[\u0000\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const REFUSED_TEXT =
  "请求含有不可见的控制字符或无效的字符编码 · The request contains NUL bytes or invalid Unicode";
const TOO_LARGE = "请求内容过大 · Request body too large";

/** Whether a text body holds NUL bytes or invalid Unicode, raw or percent-encoded (forms) or escaped (JSON). */
export function hasForbiddenText(bytes: Buffer, contentType: string): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return true;
  }
  if (FORBIDDEN_TEXT.test(text)) return true;
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    for (const pair of text.split("&")) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(pair.replace(/\+/g, " "));
      } catch {
        return true; // %FF and the like: not UTF-8
      }
      if (FORBIDDEN_TEXT.test(decoded)) return true;
    }
  }
  if (/^application\/json/i.test(contentType) && /\\u0000|\\u[dD][89a-fA-F][0-9a-fA-F]{2}/.test(text)) {
    try {
      if (hasForbiddenValue(JSON.parse(text))) return true;
    } catch {
      return false; // not JSON at all: the route refuses it with its own message
    }
  }
  return false;
}

function hasForbiddenValue(value: unknown): boolean {
  if (typeof value === "string") return FORBIDDEN_TEXT.test(value);
  if (Array.isArray(value)) return value.some(hasForbiddenValue);
  if (value && typeof value === "object")
    return Object.entries(value).some(([k, v]) => FORBIDDEN_TEXT.test(k) || hasForbiddenValue(v));
  return false;
}

/** The most bytes a request body to this path may have. */
export function limitFor(path: string, limits: BodyLimits = APP_BODY_LIMITS) {
  return limits.routes.find(([pattern]) => pattern.test(path))?.[1] ?? limits.defaultBytes;
}

/** How long a refused upload is still read (and dropped) before its connection is closed. */
const LINGER_MS = 2_000;

/**
 * Answers a refused request. `Connection: close` makes Node close the socket as soon as the answer is written;
 * a refused upload still being sent must not be closed that way (the client would get a reset, not the answer),
 * so those keep reading and are closed by their lingering timer.
 */
function refuse(res: Response, status: number, message: string, { keepReading = false } = {}) {
  if (res.headersSent) return;
  if (!keepReading) res.set("Connection", "close");
  res.status(status).type("text/plain; charset=utf-8").end(message);
}

/**
 * Watches the body as the HTTP parser hands it to the request stream (`push`), before any reader sees it.
 * Must be installed first, synchronously from the server's `request` event, so no chunk passes unseen.
 * Text bodies are held until complete and checked, then handed on; other bodies are handed on as they come.
 */
export function bodyLimit(limits: BodyLimits = APP_BODY_LIMITS): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const limit = limitFor(req.path, limits);
    const declared = Number(req.get("content-length") ?? NaN);
    if (declared > limit) {
      refuse(res, 413, TOO_LARGE, { keepReading: true });
      // Nothing reads this body: it flows away unread until the lingering close.
      req.resume();
      setTimeout(() => req.destroy(), LINGER_MS).unref();
      return;
    }
    const contentType = req.get("content-type") ?? "";
    const holdForCheck = TEXT_BODY.test(contentType);

    const push = req.push.bind(req);
    const held: Buffer[] = [];
    let size = 0;
    let stopped = false;
    req.push = (chunk: unknown, encoding?: BufferEncoding) => {
      // After a refusal the rest of the upload is read and dropped (nothing kept), so the client reads the answer
      // instead of a reset connection; see the lingering close below.
      if (stopped) return true;
      if (chunk === null) {
        if (!holdForCheck) return push(null);
        const body = Buffer.concat(held);
        if (hasForbiddenText(body, contentType)) {
          stopped = true;
          refuse(res, 400, REFUSED_TEXT);
          return false;
        }
        if (body.length) push(body);
        push(null);
        next();
        return false;
      }
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding);
      size += bytes.length;
      if (size > limit) {
        stopped = true;
        held.length = 0;
        refuse(res, 413, TOO_LARGE, { keepReading: true });
        // What the route already read ends with an error. Closing at once would reset the connection, and a
        // reset throws away the 413 the client has not read yet; like nginx's lingering close, the rest is
        // dropped for a short while and the connection closed after.
        req.unpipe();
        setTimeout(() => req.destroy(), LINGER_MS).unref();
        return true;
      }
      if (holdForCheck) {
        held.push(bytes);
        return true;
      }
      return push(bytes);
    };
    // An empty text body (no Content-Length, or 0) still ends through push(null).
    if (!holdForCheck) next();
  };
}
