import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { Database } from "#db/client";

/**
 * Limits shared by every app copy, through rate-limiter-flexible (decision 014): on a PostgreSQL server the
 * counters live in the `rate_limits` table, so every copy behind the load balancer counts into the same budget;
 * on the embedded database (one process by construction) they live in memory. Each limit allows `points` per
 * key in a fixed window of `seconds`. Used by verification (the public endpoints) and exams (wrong access
 * codes, integrity events).
 */
export type TakeResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export type LimitStore = "memory" | "database";

export interface LimitOptions {
  /** The limit's name: the prefix of its keys in the table. */
  name: string;
  points: number;
  seconds: number;
}

export class Limit {
  constructor(
    private readonly limiter: RateLimiterAbstract,
    readonly points: number,
  ) {}

  /** Counts `cost` (one request by default) for `key`, or says how long until the key may ask again. */
  async take(key: string, cost = 1): Promise<TakeResult> {
    try {
      const res = await this.limiter.consume(key, cost);
      return { allowed: true, remaining: res.remainingPoints };
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: secondsOf(refusal) };
      throw refusal;
    }
  }

  /** Gives back `cost` taken earlier (a try that turned out not to count). */
  async give(key: string, cost = 1): Promise<void> {
    await this.limiter.reward(key, cost);
  }

  /** Whether `key` may ask now, without counting. */
  async peek(key: string): Promise<TakeResult> {
    const res = await this.limiter.get(key);
    if (!res || res.consumedPoints < this.points)
      return { allowed: true, remaining: this.points - (res?.consumedPoints ?? 0) };
    return { allowed: false, retryAfterSeconds: secondsOf(res) };
  }
}

function secondsOf(res: RateLimiterRes) {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * A limit on `database`. With the database store a failing database never stops the caller: the limiter
 * falls back to this copy's own count in memory (its insurance limiter) until the database answers again.
 */
export function createLimit(database: Database, options: LimitOptions, store: LimitStore = storeFor(database)) {
  const { name, points, seconds } = options;
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: seconds });
  if (store === "memory") return new Limit(memory, points);
  const limiter = new RateLimiterPostgres({
    // The library's "pool" client is anything with query({ text, values, name }) → { rows }.
    storeClient: { query: ({ text, values }: { text: string; values?: unknown[] }) => database.query(text, values) },
    storeType: "pool",
    tableName: "rate_limits",
    // The table is made by the migrations (db/schema/verification.ts), never by the library.
    tableCreated: true,
    keyPrefix: name,
    points,
    duration: seconds,
    insuranceLimiter: memory,
  });
  return new Limit(limiter, points);
}

export function storeFor(database: Database): LimitStore {
  return database.kind === "postgres" ? "database" : "memory";
}

/**
 * One set of limits per database handle (tests open a fresh database per file), kept in `perDatabase` (a
 * singleton WeakMap of the caller, so the server's and the Remix build's copies share it).
 */
export function limitsFor<T extends object>(perDatabase: WeakMap<Database, T>, database: Database, make: () => T): T {
  let limits = perDatabase.get(database);
  if (!limits) perDatabase.set(database, (limits = make()));
  return limits;
}
