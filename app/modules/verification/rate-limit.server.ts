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
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs) : this.capacity;
    if (tokens < 1) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
    }
    // Re-inserting moves the key to the end of the Map's order: the first keys are the least recently used.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxKeys) this.forgetIdle(now);
    return { allowed: true, remaining: Math.floor(tokens - 1) };
  }

  /** Drops buckets that have refilled completely (they hold nothing worth keeping), then the oldest. */
  private forgetIdle(now: number) {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.capacity) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
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

/** The limits of the public verification endpoints, per process. */
export const verificationLimits = {
  /** Names typed on the public page, per address: slow enough that a name cannot be guessed by trying. */
  nameCheck: new TokenBuckets(20, 10 * MINUTE),
  /** The JSON API without a key, per address. */
  apiAnonymous: new TokenBuckets(60, MINUTE),
  /** The JSON API with an employer's key, per key. */
  apiKey: new TokenBuckets(600, MINUTE),
};
