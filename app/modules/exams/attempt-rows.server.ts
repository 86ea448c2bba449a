import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { examAttempts } from "#db/schema";
import { notFound } from "~/utils/errors.server";
import type { PartResponse } from "./grading";

/** What every attempt operation shares: finding the person's own attempt, and how answers are stored. */

/** The person's attempt, or 404 (someone else's attempt is not found). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function ownAttempt(db: DbOrTx, userId: string, attemptId: string) {
  // An id that is not a UUID names no attempt: 404, not a database error (found by the fuzz suite).
  if (!UUID.test(attemptId)) throw notFound();
  const [attempt] = await db
    .select()
    .from(examAttempts)
    .where(and(eq(examAttempts.id, attemptId), eq(examAttempts.userId, userId)));
  if (!attempt) throw notFound();
  return attempt;
}

/**
 * Responses are stored wrapped in an object: a bare JSON string such as "50" or "true" would come back
 * from the driver re-parsed as a number or a boolean (seen with Drizzle on PGlite).
 */
export const wrap = (response: unknown) => ({ value: response ?? null });
export const unwrap = (stored: unknown): PartResponse =>
  stored && typeof stored === "object" && "value" in stored
    ? ((stored as { value: PartResponse }).value ?? null)
    : null;
