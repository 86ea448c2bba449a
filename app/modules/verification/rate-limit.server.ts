import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { Database } from "#db/client";
import { connect } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { singleton } from "~/utils/singleton.server";

/**
 * The limits of the public verification endpoints, through rate-limiter-flexible (decision 013): on a
 * PostgreSQL server the counters live in the `rate_limits` table, so every app copy behind the load balancer
 * counts into the same budget; on the embedded database (one process by construction) they live in memory.
 * Each limit allows `points` per key in a fixed window of `seconds`.
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

  /** Counts one request for `key`, or says how long until the key may ask again. */
  async take(key: string): Promise<TakeResult> {
    try {
      const res = await this.limiter.consume(key);
      return { allowed: true, remaining: res.remainingPoints };
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: secondsOf(refusal) };
      throw refusal;
    }
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
 * A limit on `database`. With the database store a failing database never stops verification: the limiter
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
    // The table is ours, made by the migrations (db/schema/verification.ts).
    tableCreated: true,
    keyPrefix: name,
    points,
    duration: seconds,
    insuranceLimiter: memory,
  });
  return new Limit(limiter, points);
}

function storeFor(database: Database): LimitStore {
  return database.kind === "postgres" ? "database" : "memory";
}

const MINUTE = 60;

function verificationLimitsOn(database: Database) {
  return {
    /** Names typed on the public page, per address: slow enough that a name cannot be guessed by trying. */
    nameCheck: createLimit(database, { name: "verify_name", points: 20, seconds: 10 * MINUTE }),
    /** The JSON API and the page without a key, per address (VERIFY_API_ANONYMOUS_PER_MINUTE, default 60). */
    apiAnonymous: createLimit(database, {
      name: "verify_anonymous",
      points: env().VERIFY_API_ANONYMOUS_PER_MINUTE,
      seconds: MINUTE,
    }),
    /** The JSON API with an employer's key, per key (VERIFY_API_KEY_PER_MINUTE, default 600). */
    apiKey: createLimit(database, { name: "verify_key", points: env().VERIFY_API_KEY_PER_MINUTE, seconds: MINUTE }),
    /** Wrong API keys, per address: a caller that keeps sending them is stopped before the database is asked. */
    badKey: createLimit(database, { name: "verify_bad_key", points: 10, seconds: MINUTE }),
  };
}

export type VerificationLimits = ReturnType<typeof verificationLimitsOn>;

// One set per database handle (tests open a fresh database per file), shared by the server's fast path and
// the Remix build's copy of this module.
const perDatabase = singleton("verification-limits", () => new WeakMap<Database, VerificationLimits>());

/** The verification limits of this process's database. */
export async function verificationLimits(): Promise<VerificationLimits> {
  const database = await connect();
  let limits = perDatabase.get(database);
  if (!limits) perDatabase.set(database, (limits = verificationLimitsOn(database)));
  return limits;
}
