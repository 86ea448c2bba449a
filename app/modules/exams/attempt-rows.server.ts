import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { examAttempts } from "#db/schema";
import { notFound } from "~/utils/errors.server";
import type { PartResponse } from "./grading";

/** What every attempt operation shares: finding the person's own attempt, and how answers are stored. */

/** The person's attempt, or 404 (someone else's attempt is not found). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the text can name an attempt at all (anything else is a 404 without a query). */
export const isAttemptId = (attemptId: string) => UUID.test(attemptId);

// Read by every exam page, save, flag, event and hand-in: prepared once per database handle (docs/performance.md).
const ownAttemptStatement = preparedFor((db) =>
  db
    .select()
    .from(examAttempts)
    .where(and(eq(examAttempts.id, sql.placeholder("attemptId")), eq(examAttempts.userId, sql.placeholder("userId"))))
    .prepare("own_exam_attempt"),
);

export async function ownAttempt(db: DbOrTx, userId: string, attemptId: string) {
  // An id that is not a UUID names no attempt: 404, not a database error (found by the fuzz suite).
  if (!isAttemptId(attemptId)) throw notFound();
  const [attempt] = await ownAttemptStatement(db).execute({ attemptId, userId });
  if (!attempt) throw notFound();
  return attempt;
}

/**
 * Whether this browser may write in the attempt (docs/exam-integrity.md): saves, question flags, integrity
 * events and the hand-in all ask here, so no write slips past the device binding. `deviceHash` undefined:
 * not a browser's request (the server itself, scripts, tests); null: a browser without a device token. An
 * attempt bound to no browser yet (started before binding existed) is open to the one that opens it.
 */
export function holdsAttempt(attempt: { deviceHash: string | null }, deviceHash: string | null | undefined) {
  return deviceHash === undefined || !attempt.deviceHash || attempt.deviceHash === deviceHash;
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
