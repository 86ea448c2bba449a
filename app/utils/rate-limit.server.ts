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
 *
 * Large limits on the table lease their points in chunks (`leaseSize`): a copy counts a chunk into the table at
 * once and hands it out from memory, so it writes about once per chunk instead of once per request (one hot row
 * per busy address otherwise serialises every request on its lock). Leased points are counted in the table, so
 * the copies together never hand out more than `points` in a window; what a copy leased and did not use is lost
 * to the others (a key may be refused up to (K − 1) × chunk early across K copies), and a copy whose clock runs
 * behind the table's may hand out its last chunk just after the window ends (at most K × chunk over).
 */
export type TakeResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export type LimitStore = "memory" | "database";

export interface LimitOptions {
  /** The limit's name: the prefix of its keys in the table. */
  name: string;
  points: number;
  seconds: number;
}

/** Points leased at once: one twentieth of the limit, so limits under 40 (wrong codes, bad keys) count exactly. */
export function leaseSize(points: number) {
  return Math.max(1, Math.floor(points / 20));
}

/** What this copy knows of one key in the current window. */
interface KeyState {
  /** Points leased from the store and not yet handed out. */
  held: number;
  /** The store's remaining points after this copy's last write (others may have taken some since). */
  remaining: number;
  /** When the store's window ends (epoch ms): held points are void after it. */
  until: number;
  /** Refused until then (epoch ms): answered from memory, as refused requests keep counting in the store. */
  refusedUntil: number;
}

export class Limit {
  private readonly keys = new Map<string, KeyState>();
  /** The lease being fetched per key: other requests for the key wait for it instead of writing too. */
  private readonly pending = new Map<string, Promise<unknown>>();
  private sweepAt = 1000;

  constructor(
    private readonly limiter: RateLimiterAbstract,
    readonly points: number,
    /** Points leased per write; 1 counts every request in the store. */
    readonly lease = 1,
  ) {}

  /** Counts `cost` (one request by default) for `key`, or says how long until the key may ask again. */
  async take(key: string, cost = 1): Promise<TakeResult> {
    if (this.lease === 1) return this.consume(key, cost);
    for (;;) {
      const now = Date.now();
      const state = this.stateOf(key, now);
      if (state.refusedUntil > now) return refused(state.refusedUntil - now);
      if (state.held >= cost) {
        state.held -= cost;
        return { allowed: true, remaining: state.remaining + state.held };
      }
      const pending = this.pending.get(key);
      if (!pending) break;
      await pending;
    }
    const leasing = this.leaseAndTake(key, cost);
    const settled = leasing.catch(() => undefined);
    this.pending.set(key, settled);
    try {
      return await leasing;
    } finally {
      if (this.pending.get(key) === settled) this.pending.delete(key);
    }
  }

  /** Gives back `cost` taken earlier (a try that turned out not to count): to this copy's lease when it has one. */
  async give(key: string, cost = 1): Promise<void> {
    const state = this.lease > 1 ? this.keys.get(key) : undefined;
    if (state && state.until > Date.now()) {
      state.held += cost;
      return;
    }
    await this.limiter.reward(key, cost);
  }

  /** Whether `key` may ask now, without counting. */
  async peek(key: string): Promise<TakeResult> {
    const now = Date.now();
    const state = this.keys.get(key);
    if (state && state.refusedUntil > now) return refused(state.refusedUntil - now);
    if (state && state.held > 0 && state.until > now) return { allowed: true, remaining: state.remaining + state.held };
    const res = await this.limiter.get(key);
    if (!res || res.consumedPoints < this.points)
      return { allowed: true, remaining: this.points - (res?.consumedPoints ?? 0) };
    return refused(res.msBeforeNext);
  }

  /** Leases a chunk while the store has room for one, else counts exactly what is asked. */
  private async leaseAndTake(key: string, cost: number): Promise<TakeResult> {
    const state = this.stateOf(key, Date.now());
    const need = cost - state.held;
    const chunk = Math.max(this.lease, need);
    if (state.remaining >= chunk) {
      // penalty() counts without refusing, so a chunk that does not fit can be given back whole and the last
      // points still be taken one by one below.
      const res = await this.limiter.penalty(key, chunk);
      if (res.consumedPoints <= this.points) {
        state.held += chunk - cost;
        state.remaining = res.remainingPoints;
        state.until = Date.now() + res.msBeforeNext;
        return { allowed: true, remaining: state.remaining + state.held };
      }
      await this.limiter.reward(key, chunk);
    }
    state.remaining = 0;
    const answer = await this.consume(key, need);
    if (!answer.allowed) return answer;
    // The points held before went into this request too.
    state.held -= cost - need;
    return { allowed: true, remaining: answer.remaining + state.held };
  }

  /** Counts exactly, through the library: a refused key is then blocked in its memory until the window ends. */
  private async consume(key: string, cost: number): Promise<TakeResult> {
    try {
      const res = await this.limiter.consume(key, cost);
      if (this.lease > 1) {
        const state = this.stateOf(key, Date.now());
        state.remaining = res.remainingPoints;
        state.until = Date.now() + res.msBeforeNext;
      }
      return { allowed: true, remaining: res.remainingPoints };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const state = this.stateOf(key, Date.now());
      state.refusedUntil = state.until = Date.now() + refusal.msBeforeNext;
      return refused(refusal.msBeforeNext);
    }
  }

  /** The key's state in the current window (a fresh one once its window is over). */
  private stateOf(key: string, now: number): KeyState {
    let state = this.keys.get(key);
    // While a lease is being fetched its state stays, whatever the clock says.
    if (state && (state.until > now || this.pending.has(key))) return state;
    state = { held: 0, remaining: Number.POSITIVE_INFINITY, until: now, refusedUntil: 0 };
    this.keys.set(key, state);
    if (this.keys.size >= this.sweepAt) this.sweep(now);
    return state;
  }

  /** Forgets keys whose window is over; runs when the map has doubled since the last sweep. */
  private sweep(now: number) {
    for (const [key, state] of this.keys) if (state.until <= now && !this.pending.has(key)) this.keys.delete(key);
    this.sweepAt = Math.max(1000, this.keys.size * 2);
  }
}

function refused(msBeforeNext: number): TakeResult {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) };
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
    // A refused request stays counted until the window ends, so from then on the key is refused from memory.
    inMemoryBlockOnConsumed: points + 1,
    insuranceLimiter: memory,
  });
  return new Limit(limiter, points, leaseSize(points));
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
