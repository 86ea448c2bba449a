import { and, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { examAttempts } from "#db/schema";
import { holdsAttempt, ownAttempt } from "./attempt-rows.server";

export type FlagResult = { ok: true; flagged: number[] } | { ok: false; reason: "closed" | "invalid" | "device" };

/**
 * Flags (标记) or unflags one question of the person's open attempt. One statement, so a retried request
 * never loses another flag; after the deadline nothing changes. `deviceHash` (routes always pass it): like a
 * save, only the browser the attempt is bound to flags (docs/exam-integrity.md).
 */
export async function setFlag(
  db: DbOrTx,
  input: { userId: string; attemptId: string; item: number; flagged: boolean; now?: Date; deviceHash?: string | null },
): Promise<FlagResult> {
  const now = input.now ?? new Date();
  const attempt = await ownAttempt(db, input.userId, input.attemptId);
  if (attempt.status === "open" && !holdsAttempt(attempt, input.deviceHash)) return { ok: false, reason: "device" };
  if (!Number.isInteger(input.item) || input.item < 0 || input.item >= attempt.items.length)
    return { ok: false, reason: "invalid" };
  const item = sql`${input.item}::integer`;
  const [row] = await db
    .update(examAttempts)
    .set({
      flagged: input.flagged
        ? sql`(select coalesce(array_agg(distinct x order by x), '{}') from unnest(array_append(${examAttempts.flagged}, ${item})) as x)`
        : sql`array_remove(${examAttempts.flagged}, ${item})`,
    })
    .where(and(eq(examAttempts.id, attempt.id), eq(examAttempts.status, "open"), gt(examAttempts.deadlineAt, now)))
    .returning({ flagged: examAttempts.flagged });
  return row ? { ok: true, flagged: row.flagged } : { ok: false, reason: "closed" };
}
