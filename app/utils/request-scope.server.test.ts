import { describe, expect, it } from "vitest";
import { requestScoped, withRequestScope } from "./request-scope.server";

describe("request scope", () => {
  it("shares a value between everything one request runs, also after awaits, and not between requests", async () => {
    let made = 0;
    const lookup = () => requestScoped("session:x", () => ++made);
    const first = await withRequestScope(async () => {
      const a = lookup();
      await new Promise((resolve) => setTimeout(resolve, 1));
      const [b, c] = await Promise.all([Promise.resolve().then(lookup), Promise.resolve().then(lookup)]);
      return [a, b, c];
    });
    expect(first).toEqual([1, 1, 1]);
    expect(withRequestScope(lookup)).toBe(2);
  });

  it("outside a request (tests, jobs) makes the value every time", () => {
    let made = 0;
    requestScoped("k", () => ++made);
    requestScoped("k", () => ++made);
    expect(made).toBe(2);
  });
});
