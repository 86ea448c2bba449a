import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server with a fast path (server/verification-api.ts, server/exam-save.ts) in front; what the fast path
 * does not take goes to a stand-in for Express and Remix that answers 418, so tests can tell the two apart.
 */
export async function serveFastPath(fastPath: (req: http.IncomingMessage, res: http.ServerResponse) => boolean) {
  const server = http.createServer((req, res) => {
    if (fastPath(req, res)) return;
    res.writeHead(418, { "Content-Type": "text/plain" });
    res.end("remix");
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The strict headers every JSON answer of a fast path carries in production. */
export function strictJsonHeadersOf(res: Response) {
  return {
    cacheControl: res.headers.get("cache-control"),
    nosniff: res.headers.get("x-content-type-options"),
    noSources: res.headers.get("content-security-policy")?.includes("default-src 'none'") ?? false,
    hsts: res.headers.get("strict-transport-security")?.includes("max-age=") ?? false,
  };
}

export const STRICT_JSON_HEADERS = { cacheControl: "no-store", nosniff: "nosniff", noSources: true, hsts: true };
