import type http from "node:http";
import { describe, expect, test } from "vitest";
import { warmUp } from "./warm-up";

describe("the warm-up before a copy takes traffic", () => {
  test("serves each page through the copy's own handler, a few at a time, then closes its private port", async () => {
    const seen = new Map<string, number>();
    let port = 0;
    let atOnce = 0;
    let mostAtOnce = 0;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      port = req.socket.localPort ?? 0;
      seen.set(req.url ?? "", (seen.get(req.url ?? "") ?? 0) + 1);
      mostAtOnce = Math.max(mostAtOnce, ++atOnce);
      setTimeout(() => {
        atOnce--;
        res.end("ok");
      }, 2);
    };
    const warm = await warmUp(handler, { rounds: 5, concurrency: 3, paths: ["/", "/login"] });
    expect(warm.requests).toBe(30);
    expect(Object.fromEntries(seen)).toEqual({ "/": 15, "/login": 15 });
    expect(mostAtOnce).toBe(3);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});
