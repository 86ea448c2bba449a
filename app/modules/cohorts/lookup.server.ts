import { and, eq } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import type { DbOrTx } from "#db/client";
import { cohortMembers, cohorts } from "#db/schema";

/** What other areas look up of a cohort (exam sessions name a cohort of the center as their candidates). */

/** The level of this center's cohort, or null when the center has no such cohort. */
export async function cohortLevelAtCenter(db: DbOrTx, centerId: string, cohortId: string): Promise<string | null> {
  const [row] = await db
    .select({ levelSlug: cohorts.levelSlug })
    .from(cohorts)
    .where(and(eq(cohorts.id, cohortId), eq(cohorts.centerId, centerId)));
  return row?.levelSlug ?? null;
}

/** Cohort names as a subquery to join, keeping a list in one query: `.leftJoin(cohortNames, eq(cohortNames.id, x.cohortId))`. */
export const cohortNames = new QueryBuilder()
  .select({ id: cohorts.id, name: cohorts.name })
  .from(cohorts)
  .as("cohort_names");

/** The members of a cohort now (an exam session's candidates, told when it is scheduled). */
export async function cohortMemberIds(db: DbOrTx, cohortId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: cohortMembers.userId })
    .from(cohortMembers)
    .where(eq(cohortMembers.cohortId, cohortId));
  return rows.map((r) => r.userId);
}

/** A cohort's name and level, for telling people they were added to it. */
export async function cohortSummary(db: DbOrTx, cohortId: string) {
  const [row] = await db
    .select({ name: cohorts.name, levelSlug: cohorts.levelSlug })
    .from(cohorts)
    .where(eq(cohorts.id, cohortId));
  return row ?? null;
}
