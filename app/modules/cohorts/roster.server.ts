import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { cohortMembers, cohorts } from "#db/schema";
import { people } from "~/modules/auth/index.server";
import { notFound } from "~/utils/errors.server";

/**
 * A cohort of this center with its members by name, for areas that act on every member (issuing the
 * cohort's certificates, the cohort's certificate ZIP). Another center's cohort: 404.
 */
export async function cohortRoster(db: DbOrTx, centerId: string, cohortId: string) {
  const [cohort] = await db
    .select()
    .from(cohorts)
    .where(and(eq(cohorts.id, cohortId), eq(cohorts.centerId, centerId)));
  if (!cohort) throw notFound();
  const members = await db
    .select({ id: people.id, name: people.name })
    .from(cohortMembers)
    .innerJoin(people, eq(people.id, cohortMembers.userId))
    .where(eq(cohortMembers.cohortId, cohortId))
    .orderBy(asc(people.name));
  return { cohort, members };
}
