import express from "express";
import type { AddressInfo } from "node:net";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bodyLimit, methodGuard, urlGuard } from "./request-limits";

// A real Express server with the real guards in front of a handler that reads the body as Remix does.
let base = "";
let close: () => void;

beforeAll(async () => {
  const app = express();
  app.use(methodGuard());
  app.use(urlGuard());
  app.use(bodyLimit({ defaultBytes: 1024, routes: [[/^\/upload$/, 64 * 1024]] }));
  app.all("*", async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    res.send(`read ${Buffer.concat(chunks).byteLength}`);
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

/** A raw request (fetch refuses TRACE and always sends a length). */
function raw(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, text }));
    });
    req.on("error", reject);
    if (body) {
      // Sent in pieces without a length, as a slow or hostile client would.
      for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.subarray(i, i + 16 * 1024));
    }
    req.end();
  });
}

describe("11 · unknown methods", () => {
  test.each(["TRACE", "PROPFIND", "MKCOL"])("%s answers 405 without a stack trace", async (method) => {
    const got = await raw(method, "/login");
    expect(got.status).toBe(405);
    expect(got.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });
  test("GET and POST pass", async () => {
    expect((await raw("GET", "/")).status).toBe(200);
    expect(
      (await raw("POST", "/", Buffer.from("a=b"), { "Content-Type": "application/x-www-form-urlencoded" })).status,
    ).toBe(200);
  });
});

describe("5 · body size limits per route, enforced while streaming", () => {
  test("a declared length over the route's limit is refused at once with 413", async () => {
    const res = await fetch(`${base}/forgot-password`, {
      method: "POST",
      body: "x".repeat(2048),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(413);
  });
  test("a chunked body is cut off with 413 when it passes the limit", async () => {
    const got = await raw("POST", "/forgot-password", Buffer.alloc(200 * 1024, 0x61), {
      "Content-Type": "application/x-www-form-urlencoded",
      "Transfer-Encoding": "chunked",
    });
    expect(got.status).toBe(413);
  });
  test("an upload route has its own, larger limit", async () => {
    const got = await raw("POST", "/upload", Buffer.alloc(32 * 1024, 0x61), {
      "Content-Type": "application/octet-stream",
      "Transfer-Encoding": "chunked",
    });
    expect(got).toEqual({ status: 200, text: `read ${32 * 1024}` });
  });
});

describe("6 · NUL bytes and invalid Unicode in a form or JSON body", () => {
  test.each([
    ["a form field with a NUL", "application/x-www-form-urlencoded", Buffer.from("identifier=a%00b")],
    ["a form field with invalid UTF-8", "application/x-www-form-urlencoded", Buffer.from("name=%FF%FE")],
    ["a raw NUL byte", "application/x-www-form-urlencoded", Buffer.from("name=a\u0000b")],
    ["JSON with a NUL escape", "application/json", Buffer.from('{"answer":"a\\u0000"}')],
    ["JSON with a lone surrogate", "application/json", Buffer.from('{"answer":"\\ud800"}')],
    [
      "JSON with invalid UTF-8",
      "application/json",
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    ],
  ])("%s is refused with 400 and a message", async (_name, type, body) => {
    const got = await raw("POST", "/anything", body, { "Content-Type": type, "Content-Length": String(body.length) });
    expect(got.status).toBe(400);
    expect(got.text).toMatch(/不可见|invalid/i);
  });
  test("ordinary Chinese text passes unchanged", async () => {
    const body = Buffer.from(`name=${encodeURIComponent("张三·技术经理人")}`);
    const got = await raw("POST", "/anything", body, {
      "Content-Type": "application/x-www-form-urlencoded",
      "Content-Length": String(body.length),
    });
    expect(got).toEqual({ status: 200, text: `read ${body.length}` });
  });
});

describe("6 · NUL bytes and invalid Unicode in the URL", () => {
  test.each(["/verify/%00", "/manage/certificates?q=a%00", "/verify/%FF%FE", "/learn?x=%E0%A4%A"])(
    "%s is refused with 400",
    async (url) => {
      const got = await raw("GET", url);
      expect(got.status).toBe(400);
    },
  );
  test("an ordinary Chinese query passes", async () => {
    expect((await raw("GET", `/manage/certificates?q=${encodeURIComponent("张三")}`)).status).toBe(200);
  });
});
