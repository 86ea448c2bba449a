import { and, count, eq, inArray, isNull, sql, type SQLWrapper } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import type { DbOrTx } from "#db/client";
import { cohortMembers, cohorts } from "#db/schema";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { insertColumns } from "~/utils/bulk-insert.server";
import { notFound } from "~/utils/errors.server";

/**
 * Cohort membership as other areas need it: adding many people at once (the enrolment import), the
 * cohorts a person sits in (exam sessions of their cohorts, a center's former trainees).
 */

type Actor = Pick<SessionUser, "id" | "memberships">;

export interface CohortForAdding {
  id: string;
  capacity: number;
  memberCount: number;
  closed: boolean;
}

/** Members per cohort, to join (cohorts without members are absent). */
export function memberCounts(db: DbOrTx) {
  return db
    .select({ cohortId: cohortMembers.cohortId, members: count().as("members") })
    .from(cohortMembers)
    .groupBy(cohortMembers.cohortId)
    .as("member_counts");
}

/**
 * A cohort of this center that people are about to be added to, with its member count; 404 when the
 * center has no such cohort. With `lock` (inside a transaction) the cohort row stays locked until it
 * ends: that serialises additions and imports into one cohort, so its capacity holds.
 */
export async function cohortForAdding(
  db: DbOrTx,
  centerId: string,
  cohortId: string,
  lock: boolean,
): Promise<CohortForAdding> {
  const query = db
    .select({ id: cohorts.id, capacity: cohorts.capacity, closedAt: cohorts.closedAt })
    .from(cohorts)
    .where(and(eq(cohorts.id, cohortId), eq(cohorts.centerId, centerId)));
  const [cohort] = lock ? await query.for("update") : await query;
  if (!cohort) throw notFound();
  const [members] = await db.select({ n: count() }).from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId));
  return {
    id: cohort.id,
    capacity: cohort.capacity,
    memberCount: Number(members?.n ?? 0),
    closed: cohort.closedAt !== null,
  };
}

/** Which of these people are already members of the cohort. */
export async function cohortMembersAmong(db: DbOrTx, cohortId: string, userIds: readonly string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await db
    .select({ userId: cohortMembers.userId })
    .from(cohortMembers)
    .where(and(eq(cohortMembers.cohortId, cohortId), inArray(cohortMembers.userId, [...userIds])));
  return rows.map((r) => r.userId);
}

/**
 * Adds people to a cohort in one statement; those already in it stay as they are. No checks: the caller
 * has locked the cohort (cohortForAdding) and checked capacity and who the people are.
 */
export async function insertCohortMembers(tx: DbOrTx, cohortId: string, userIds: readonly string[], addedBy: string) {
  await insertColumns(
    tx,
    cohortMembers,
    [
      { name: cohortMembers.cohortId.name, type: "uuid", values: userIds.map(() => cohortId) },
      { name: cohortMembers.userId.name, type: "uuid", values: userIds },
      { name: cohortMembers.addedBy.name, type: "uuid", values: userIds.map(() => addedBy) },
    ],
    sql`on conflict do nothing`,
  );
}

/**
 * The ids of the cohorts a person sits in, as a subquery (e.g. `inArray(x.cohortId, cohortIdsOfMember(id))`).
 * `userId` may be a placeholder, for a caller's prepared statement.
 */
export function cohortIdsOfMember(userId: string | SQLWrapper) {
  return new QueryBuilder()
    .select({ cohortId: cohortMembers.cohortId })
    .from(cohortMembers)
    .where(eq(cohortMembers.userId, userId));
}

/** Whether the person sits or sat in a cohort of this center (closed cohorts are kept for the record). */
export async function satInCohortOfCenter(db: DbOrTx, userId: string, centerId: string): Promise<boolean> {
  const [row] = await db
    .select({ cohortId: cohortMembers.cohortId })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(and(eq(cohortMembers.userId, userId), eq(cohorts.centerId, centerId)))
    .limit(1);
  return Boolean(row);
}

/** The center's open cohorts, newest first, for the import form's choice of target. */
export async function openCohortsOfCenter(db: DbOrTx, actor: Actor, centerId: string) {
  requirePermission(actor, "manage:center", { centerId });
  const counts = memberCounts(db);
  const rows = await db
    .select({
      id: cohorts.id,
      name: cohorts.name,
      capacity: cohorts.capacity,
      members: counts.members,
      startsOn: cohorts.startsOn,
    })
    .from(cohorts)
    .leftJoin(counts, eq(counts.cohortId, cohorts.id))
    .where(and(eq(cohorts.centerId, centerId), isNull(cohorts.closedAt)));
  return rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      capacity: r.capacity,
      members: Number(r.members ?? 0),
      startsOn: r.startsOn,
    }))
    .sort((a, b) => b.startsOn.localeCompare(a.startsOn) || a.name.localeCompare(b.name));
}
