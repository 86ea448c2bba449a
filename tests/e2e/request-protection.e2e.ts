import { describe, expect, test } from "vitest";
import { baseUrl } from "./browser";

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
