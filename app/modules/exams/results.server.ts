import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { examAttempts, examIntegrityReviews } from "#db/schema";

/** Exam results as the areas above read them (a certificate requires the level's exam passed). */

/**
 * Whether the person has passed the level's exam in any attempt (a graded pass; pending essays do not count).
 * A pass flagged for its integrity counts only once accepted; a voided one never (docs/exam-integrity.md).
 */
export async function hasPassed(db: DbOrTx, userId: string, levelSlug: string): Promise<boolean> {
  const rows = await db
    .select({ id: examAttempts.id })
    .from(examAttempts)
    .where(
      and(
        eq(examAttempts.userId, userId),
        eq(examAttempts.levelSlug, levelSlug),
        eq(examAttempts.passed, true),
        sql`not exists (select 1 from ${examIntegrityReviews} where ${examIntegrityReviews.attemptId} = ${examAttempts.id} and ${examIntegrityReviews.decision} is distinct from 'accepted')`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}
