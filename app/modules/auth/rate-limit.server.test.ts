import { describe, expect, test } from "vitest";
import { makeUser, TEST_PASSWORD } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { signIn } from "./accounts.server";
import { checkSignInAllowed, recordSignInAttempt, SIGN_IN_LIMITS } from "./rate-limit.server";

const MIN = 60 * 1000;

describe("sign-in rate limiting", () => {
  test("an account is locked after repeated failures, even for the right password, until the window passes", async () => {
    const d = await db();
    const user = await makeUser(d);
    const t0 = new Date("2026-03-01T08:00:00Z");
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      const r = await signIn(d, {
        identifier: user.email!,
        password: "wrong password",
        ip: `10.0.0.${i}`,
        now: new Date(t0.getTime() + i * MIN),
      });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const blocked = await signIn(d, {
      identifier: user.email!,
      password: TEST_PASSWORD,
      ip: "10.0.0.99",
      now: new Date(t0.getTime() + 6 * MIN),
    });
    expect(blocked).toEqual({
      ok: false,
      reason: "limited",
      retryAt: new Date(t0.getTime() + SIGN_IN_LIMITS.windowMs),
    });

    const afterWindow = await signIn(d, {
      identifier: user.email!,
      password: TEST_PASSWORD,
      ip: "10.0.0.99",
      now: new Date(t0.getTime() + SIGN_IN_LIMITS.windowMs + MIN),
    });
    expect(afterWindow.ok).toBe(true);
  });

  test("the account is matched however the identifier is typed", async () => {
    const d = await db();
    const user = await makeUser(d, { phone: "13912345678" });
    const now = new Date("2026-03-02T08:00:00Z");
    for (const typed of ["139 1234 5678", "+8613912345678", "139-1234-5678", "13912345678", "13912345678"])
      await signIn(d, { identifier: typed, password: "bad password", ip: "10.1.1.1", now });
    const gate = await checkSignInAllowed(d, { account: "13912345678", ip: "10.9.9.9", now });
    expect(gate.allowed).toBe(false);
    expect(user.phone).toBe("13912345678");
  });

  test("a successful sign-in starts the account's count again", async () => {
    const d = await db();
    const user = await makeUser(d);
    const t0 = new Date("2026-03-03T08:00:00Z");
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount - 1; i++)
      await signIn(d, {
        identifier: user.email!,
        password: "wrong",
        ip: "10.2.0.1",
        now: new Date(t0.getTime() + i * 1000),
      });
    const ok = await signIn(d, {
      identifier: user.email!,
      password: TEST_PASSWORD,
      ip: "10.2.0.1",
      now: new Date(t0.getTime() + 10_000),
    });
    expect(ok.ok).toBe(true);
    const gate = await checkSignInAllowed(d, {
      account: user.email!,
      ip: "10.2.0.2",
      now: new Date(t0.getTime() + 11_000),
    });
    expect(gate.allowed).toBe(true);
  });

  test("one address is limited across many accounts", async () => {
    const d = await db();
    const now = new Date("2026-03-04T08:00:00Z");
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++)
      await recordSignInAttempt(d, { account: `guess${i}@example.cn`, ip: "203.0.113.7", succeeded: false, now });
    const gate = await checkSignInAllowed(d, { account: "fresh@example.cn", ip: "203.0.113.7", now });
    expect(gate).toEqual({ allowed: false, retryAt: new Date(now.getTime() + SIGN_IN_LIMITS.windowMs) });
    expect((await checkSignInAllowed(d, { account: "fresh@example.cn", ip: "203.0.113.8", now })).allowed).toBe(true);
  });
});
