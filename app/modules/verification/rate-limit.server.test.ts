import { describe, expect, test } from "vitest";
import { TokenBuckets } from "./rate-limit.server";

describe("token buckets", () => {
  test("a key may use its capacity at once, then waits for tokens to come back evenly", () => {
    const buckets = new TokenBuckets(3, 60_000);
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => buckets.take("1.2.3.4", t0).allowed)).toEqual([true, true, true]);
    expect(buckets.take("1.2.3.4", t0)).toEqual({ allowed: false, retryAfterSeconds: 20 });
    // One token every 20 s.
    expect(buckets.take("1.2.3.4", t0 + 19_000).allowed).toBe(false);
    expect(buckets.take("1.2.3.4", t0 + 20_000)).toEqual({ allowed: true, remaining: 0 });
    expect(buckets.retryAfter("1.2.3.4", t0 + 20_000)).toBe(20);
  });

  test("keys are counted apart, and peeking takes nothing", () => {
    const buckets = new TokenBuckets(1, 60_000);
    expect(buckets.take("a", 0).allowed).toBe(true);
    expect(buckets.peek("a", 0)).toBe(false);
    expect(buckets.peek("b", 0)).toBe(true);
    expect(buckets.peek("b", 0)).toBe(true);
    expect(buckets.take("b", 0).allowed).toBe(true);
  });

  test("a flood of new keys does not grow memory past the bound, and a limited caller stays limited", () => {
    const buckets = new TokenBuckets(2, 60_000, 100);
    buckets.take("busy", 0);
    buckets.take("busy", 0);
    for (let i = 0; i < 1000; i++) {
      buckets.take(`addr-${i}`, 1);
      if (i % 50 === 0) expect(buckets.take("busy", 1).allowed).toBe(false);
    }
    expect(buckets.size).toBeLessThanOrEqual(100);
    expect(buckets.take("busy", 2).allowed).toBe(false);
  });
});
