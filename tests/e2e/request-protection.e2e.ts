import http from "node:http";
import { describe, expect, test } from "vitest";
import { baseUrl } from "./browser";

/**
 * A raw request to the production server: fetch refuses TRACE and cannot stream a body without a length.
 * The body goes out in pieces, waiting for the socket as a real client does, and stops once an answer arrives.
 */
function raw(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    let answer: { status: number; text: string } | undefined;
    const req = http.request(baseUrl() + path, { method, headers }, (res) => {
      answer = { status: res.statusCode!, text: "" };
      res.on("data", (c) => (answer!.text += c));
      // A refused upload's connection is closed by the server; the answer read so far is what counts.
      res.on("close", () => resolve(answer!));
    });
    req.on("error", (error) => (answer ? resolve(answer) : reject(error)));
    void (async () => {
      if (body) {
        for (let i = 0; i < body.length && !answer && !req.destroyed; i += 64 * 1024) {
          if (!req.write(body.subarray(i, i + 64 * 1024)))
            await new Promise((r) => {
              req.once("drain", r);
              req.once("close", r);
            });
        }
      }
      if (!req.destroyed) req.end();
    })();
  });
}

describe("every response is protected", () => {
  test("pages carry the security headers", async () => {
    const res = await fetch(baseUrl() + "/login");
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  test("a sign-in posted from another site is refused", async () => {
    const res = await fetch(baseUrl() + "/login", {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ identifier: "admin@demo.tm-academy.cn", password: "Demo@2026" }),
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  test("the session cookie is HttpOnly, SameSite=Lax and Secure in production", async () => {
    const res = await fetch(baseUrl() + "/login", {
      method: "POST",
      headers: { Origin: baseUrl(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        identifier: "hr@demo.tm-academy.cn",
        password: "Demo@2026",
        redirectTo: "https://evil.example/",
      }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    // A redirect target on another site is replaced by the home page.
    expect(res.headers.get("location")).toBe("/");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("tma_session=")) ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/i);
  });
});

// Issue #15's findings 5, 6 and 11, tried against the whole production server as the attacker did.
describe("malformed requests get a clear 4xx from the production server", () => {
  test("TRACE and other unknown methods answer 405 without a stack trace", async () => {
    for (const method of ["TRACE", "PROPFIND"]) {
      const got = await raw(method, "/login");
      expect(got.status, method).toBe(405);
      expect(got.text).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });

  test.each([
    ["sent in chunks", { "Transfer-Encoding": "chunked" }],
    ["with its length declared", { "Content-Length": String(64 * 1024 * 1024) }],
  ])("a 64 MB anonymous form post %s is refused with 413 before it is read", async (_how, framing) => {
    const got = await raw("POST", "/forgot-password", Buffer.alloc(64 * 1024 * 1024, 0x61), {
      Origin: baseUrl(),
      "Content-Type": "application/x-www-form-urlencoded",
      ...framing,
    });
    expect(got.status).toBe(413);
    // The server still answers at once afterwards.
    expect((await fetch(baseUrl() + "/healthz")).status).toBe(200);
  });

  test.each([
    ["a NUL in a form field", Buffer.from("identifier=a%00b&password=x")],
    ["invalid UTF-8 in a form field", Buffer.from("identifier=%FF%FE&password=x")],
  ])("%s is refused with 400 and a message", async (_name, body) => {
    const got = await raw("POST", "/login", body, {
      Origin: baseUrl(),
      "Content-Type": "application/x-www-form-urlencoded",
      "Content-Length": String(body.length),
    });
    expect(got.status).toBe(400);
    expect(got.text).toMatch(/不可见|invalid/i);
  });

  test("a session cookie with a NUL is treated as signed out, not a 500", async () => {
    const res = await fetch(baseUrl() + "/account", {
      headers: { Cookie: "tma_session=abc%00def" },
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });

  test("the language cookie is Secure in production", async () => {
    const res = await fetch(baseUrl() + "/set-language", {
      method: "POST",
      headers: { Origin: baseUrl(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ language: "en" }),
      redirect: "manual",
    });
    expect(res.status).toBeLessThan(400);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("lng=")) ?? "";
    expect(cookie).toMatch(/;\s*Secure/i);
  });
});
