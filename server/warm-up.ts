import http from "node:http";
import type { AddressInfo } from "node:net";

/** The pages a copy serves itself before it takes traffic: anonymous, read-only, through every layer of a page. */
export const WARM_UP_PATHS = ["/", "/login", "/verify"];

/**
 * A copy just started runs its first requests in V8's interpreter, several times slower than once they are compiled,
 * and opens its database connections as requests come: an exam begun right after a deploy or a restart met copies at
 * a fraction of their speed (bench/exam.mjs, N = 5,000 behind nginx: p99 655 ms in the first 10 s, about 100 ms after).
 * So before the real port opens, the copy serves its own anonymous pages for a moment on a private port of this
 * machine, a few at a time: Express, Remix, React, i18next, gzip and the database driver are compiled by then.
 */
export async function warmUp(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  {
    rounds = 60,
    concurrency = 4,
    paths = WARM_UP_PATHS,
  }: { rounds?: number; concurrency?: number; paths?: string[] } = {},
): Promise<{ requests: number; ms: number }> {
  const began = performance.now();
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let requests = 0;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let round = 0; round < rounds; round++)
          for (const path of paths) {
            const res = await fetch(base + path, { headers: { "Accept-Encoding": "gzip" } });
            await res.arrayBuffer();
            requests++;
          }
      }),
    );
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return { requests, ms: Math.round(performance.now() - began) };
}
