import type { Database } from "#db/client";
import { connect } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { createLimit, limitsFor } from "~/utils/rate-limit.server";
import { singleton } from "~/utils/singleton.server";

// The shared limiter lives in app/utils/rate-limit.server.ts (decision 014); these names stay for callers here.
export { createLimit, Limit, type LimitOptions, type LimitStore, type TakeResult } from "~/utils/rate-limit.server";

/**
 * The limits of the public verification endpoints, shared by every app copy on PostgreSQL (decision 014).
 */
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
  return limitsFor(perDatabase, database, () => verificationLimitsOn(database));
}
