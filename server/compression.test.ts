import express from "express";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import { coalescedWrites, responseCompression } from "./app";

let server: http.Server | undefined;
afterEach(() => server?.close());

const burst = Array.from({ length: 60 }, (_, i) => `<li>第 ${i + 1} 题 · question ${i + 1}</li>`);

/** A page written as Remix writes one: many small chunks, each followed by a flush; `later` comes after a pause. */
async function serve(later: Promise<void>) {
  const app = express();
  // As server/app.ts has them for Remix's answers.
  app.use(responseCompression(), coalescedWrites());
  // As Remix sends a Response: headers, then the body written and flushed, then the end.
  app.get("/small", (req, res) => {
    const text = JSON.stringify({ ok: true, seq: 1, serverNow: new Date(0).toISOString() });
    res.type("json");
    if (req.query.declared) res.set("Content-Length", String(Buffer.byteLength(text)));
    res.write(text);
    res.flush();
    res.end();
  });
  app.get("/page", (_req, res) => {
    res.type("html");
    for (let i = 0; i < 60; i++) {
      res.write(`<p>part one, chunk ${i} ${"x".repeat(40)}</p>`);
      res.flush();
    }
    void later.then(() => {
      res.write("<p>part two</p>");
      res.flush();
      res.end();
    });
  });
  app.get("/burst", (_req, res) => {
    res.type("html");
    for (const chunk of burst) {
      res.write(chunk);
      res.flush();
    }
    res.end();
  });
  server = app.listen(0);
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("response compression", () => {
  test("a page arrives gzipped and whole, and what is flushed before a pause arrives before it ends", async () => {
    let release = () => {};
    const url = await serve(new Promise<void>((resolve) => (release = resolve)));
    const response = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${url}/page`, { headers: { "Accept-Encoding": "gzip" } }, resolve),
    );
    expect(response.headers["content-encoding"]).toBe("gzip");
    const gunzip = response.pipe(zlib.createGunzip());
    let text = "";
    const firstPart = new Promise<void>((resolve) =>
      gunzip.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes("chunk 59")) resolve();
      }),
    );
    // Streaming still works: the first part is readable while the server waits to write the rest.
    await firstPart;
    expect(text).not.toContain("part two");
    release();
    await once(gunzip, "end");
    expect(text.match(/part one/g)).toHaveLength(60);
    expect(text.endsWith("<p>part two</p>")).toBe(true);
  });

  test("a small answer that declares its length goes as it is; gzip is only worth it for larger ones", async () => {
    const url = await serve(Promise.resolve());
    const get = (path: string) =>
      new Promise<http.IncomingMessage>((resolve) =>
        http.get(`${url}${path}`, { headers: { "Accept-Encoding": "gzip" } }, resolve),
      );
    const declared = await get("/small?declared=1");
    expect(declared.headers["content-encoding"]).toBeUndefined();
    let body = "";
    for await (const chunk of declared) body += String(chunk);
    expect(JSON.parse(body)).toMatchObject({ ok: true, seq: 1 });
    // Without a length the size is unknown when the headers go, so even a few bytes are gzipped.
    const undeclared = await get("/small");
    expect(undeclared.headers["content-encoding"]).toBe("gzip");
    undeclared.resume();
  });

  test("chunks written in one go arrive as one gzip stream, as small as the page gzipped whole", async () => {
    const url = await serve(Promise.resolve());
    const response = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${url}/burst`, { headers: { "Accept-Encoding": "gzip" } }, resolve),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    const sent = Buffer.concat(chunks);
    expect(zlib.gunzipSync(sent).toString()).toBe(burst.join(""));
    // Flushed one by one, each chunk would end a deflate block of its own (hundreds of bytes more).
    expect(sent.length).toBeLessThanOrEqual(zlib.gzipSync(burst.join(""), { level: 3 }).length + 16);
  });
});
