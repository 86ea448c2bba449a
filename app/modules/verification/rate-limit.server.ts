import { env } from "~/utils/env.server";
import { singleton } from "~/utils/singleton.server";
/**
 * Token buckets kept in this process's memory: each key (an address, an API key) holds up to
 * `capacity` tokens and gets them back evenly over `windowMs`. Cheap enough for the public endpoints'
 * hot path. With several app copies each counts its own requests, so the effective limit is the
 * per-copy limit times the number of copies — acceptable for abuse protection, not for billing.
 */
export type TakeResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    readonly capacity: number,
    readonly windowMs: number,
    /** Beyond this many keys the idle ones are forgotten, so a flood of addresses cannot fill memory. */
    private readonly maxKeys = 100_000,
  ) {
    this.perMs = capacity / windowMs;
  }

  /** Takes one token for `key`, or says how long until one is back. */
  take(key: string, now = Date.now()): TakeResult {
    const tokens = this.tokensOf(key, now);
    const allowed = tokens >= 1;
    // Re-inserting moves the key to the end of the Map's order, so the first keys are the least recently
    // seen — a caller that keeps knocking while refused stays remembered.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    if (this.buckets.size > this.maxKeys) this.forgetIdle(now);
    return allowed
      ? { allowed: true, remaining: Math.floor(tokens - 1) }
      : { allowed: false, retryAfterSeconds: this.retryAfter(key, now) };
  }

  /** Whether `key` has a token now, without taking it. */
  peek(key: string, now = Date.now()): boolean {
    return this.tokensOf(key, now) >= 1;
  }

  /** Seconds until `key` has a token again (0 when it has one). */
  retryAfter(key: string, now = Date.now()): number {
    const tokens = this.tokensOf(key, now);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }

  private tokensOf(key: string, now: number) {
    const bucket = this.buckets.get(key);
    return bucket ? Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs) : this.capacity;
  }

  /**
   * Drops buckets that have refilled completely (they hold nothing worth keeping), then the least recently
   * seen, down to 90% of the bound so that the sweep runs once per many new keys, not on every one.
   */
  private forgetIdle(now: number) {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.capacity) this.buckets.delete(key);
    }
    const target = Math.floor(this.maxKeys * 0.9);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(key);
    }
  }

  get size() {
    return this.buckets.size;
  }

  clear() {
    this.buckets.clear();
  }
}

const MINUTE = 60_000;

/**
 * The limits of the public verification endpoints, per process: the server's fast path and the Remix build
 * count into the same buckets.
 */
export const verificationLimits = singleton("verification-limits", () => {
  let anonymous: TokenBuckets | undefined;
  let perKey: TokenBuckets | undefined;
  return {
    /** Names typed on the public page, per address: slow enough that a name cannot be guessed by trying. */
    nameCheck: new TokenBuckets(20, 10 * MINUTE),
    /** The JSON API without a key, per address (VERIFY_API_ANONYMOUS_PER_MINUTE, default 60). */
    get apiAnonymous() {
      return (anonymous ??= new TokenBuckets(env().VERIFY_API_ANONYMOUS_PER_MINUTE, MINUTE));
    },
    /** The JSON API with an employer's key, per key (VERIFY_API_KEY_PER_MINUTE, default 600). */
    get apiKey() {
      return (perKey ??= new TokenBuckets(env().VERIFY_API_KEY_PER_MINUTE, MINUTE));
    },
    /** Wrong API keys, per address: a caller that keeps sending them is stopped before the database is asked. */
    badKey: new TokenBuckets(10, MINUTE),
  };
});
