import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { cohortInstructors, cohortMembers, cohorts } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { people } from "~/modules/auth/index.server";
import { centerMemberIds, requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { levelConfigOf } from "~/modules/content/index.server";
import { isUniqueViolation, notFound } from "~/utils/errors.server";
import {
  cohortForAdding,
  cohortIdsOfMember,
  cohortMembersAmong,
  insertCohortMembers,
  memberCounts as memberCountsOf,
} from "./members.server";

type Actor = Pick<SessionUser, "id" | "memberships">;
export interface CenterRef {
  id: string;
  regionId: string | null;
}

export interface CohortInput {
  name: string;
  levelSlug: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
  instructorIds: string[];
}

export type CohortFailure = { ok: false; field: keyof CohortInput | "members"; message: string };

export async function listCohorts(db: DbOrTx, actor: Actor, center: CenterRef) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const memberCounts = memberCountsOf(db);
  const rows = await db
    .select({
      id: cohorts.id,
      name: cohorts.name,
      levelSlug: cohorts.levelSlug,
      startsOn: cohorts.startsOn,
      endsOn: cohorts.endsOn,
      capacity: cohorts.capacity,
      closedAt: cohorts.closedAt,
      members: memberCounts.members,
    })
    .from(cohorts)
    .leftJoin(memberCounts, eq(memberCounts.cohortId, cohorts.id))
    .where(eq(cohorts.centerId, center.id))
    .orderBy(desc(cohorts.startsOn), asc(cohorts.name));
  return rows.map((r) => ({ ...r, members: Number(r.members ?? 0) }));
}

async function validateCohortInput(db: DbOrTx, centerId: string, input: CohortInput): Promise<CohortFailure | null> {
  if (input.endsOn < input.startsOn)
    return { ok: false, field: "endsOn", message: "validation.cohort.endsBeforeStart" };
  // Every loaded level has its configuration: none means no such level.
  if (!(await levelConfigOf(db, input.levelSlug)))
    return { ok: false, field: "levelSlug", message: "validation.level.unknown" };
  const staff = await centerMemberIds(db, centerId, "center_staff", input.instructorIds);
  if (staff.length !== new Set(input.instructorIds).size)
    return { ok: false, field: "instructorIds", message: "validation.cohort.instructorNotStaff" };
  return null;
}

/** Center staff open a cohort for a level. Audited; a name already used at the center is refused. */
export async function createCohort(db: DbOrTx, actor: Actor, center: CenterRef, input: CohortInput) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  const failure = await validateCohortInput(db, center.id, input);
  if (failure) return failure;
  try {
    return await db.transaction(async (tx) => {
      const [cohort] = await tx
        .insert(cohorts)
        .values({
          centerId: center.id,
          levelSlug: input.levelSlug,
          name: input.name,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          capacity: input.capacity,
          createdBy: actor.id,
        })
        .returning();
      if (input.instructorIds.length)
        await tx
          .insert(cohortInstructors)
          .values([...new Set(input.instructorIds)].map((userId) => ({ cohortId: cohort!.id, userId })));
      await recordAudit(tx, {
        actorId: actor.id,
        action: "cohort.create",
        targetType: "cohort",
        targetId: cohort!.id,
        after: input,
      });
      return { ok: true as const, cohortId: cohort!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return { ok: false, field: "name", message: "validation.cohort.nameTaken" } satisfies CohortFailure;
    throw error;
  }
}

async function cohortAtCenter(db: DbOrTx, centerId: string, cohortId: string) {
  const [cohort] = await db
    .select()
    .from(cohorts)
    .where(and(eq(cohorts.id, cohortId), eq(cohorts.centerId, centerId)));
  if (!cohort) throw notFound();
  return cohort;
}

/**
 * A cohort with its instructors and members, for the center's staff. Its exam sessions belong to exams
 * (above cohorts): app/workflows/cohort-schedule.server.ts adds them.
 */
export async function cohortDetail(db: DbOrTx, actor: Actor, center: CenterRef, cohortId: string) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const cohort = await cohortAtCenter(db, center.id, cohortId);
  const [instructors, members] = await Promise.all([
    db
      .select({ id: people.id, name: people.name })
      .from(cohortInstructors)
      .innerJoin(people, eq(people.id, cohortInstructors.userId))
      .where(eq(cohortInstructors.cohortId, cohortId))
      .orderBy(asc(people.name)),
    db
      .select({
        id: people.id,
        name: people.name,
        email: people.email,
        phone: people.phone,
        addedAt: cohortMembers.addedAt,
      })
      .from(cohortMembers)
      .innerJoin(people, eq(people.id, cohortMembers.userId))
      .where(eq(cohortMembers.cohortId, cohortId))
      .orderBy(asc(people.name)),
  ]);
  return { cohort, instructors, members };
}

/**
 * Adds trainees of the center to a cohort, all or none. Members already in it are left as they are, so
 * a repeated request changes nothing. A closed cohort, or one that would exceed its capacity, refuses.
 */
export async function addCohortMembers(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  cohortId: string,
  userIds: string[],
) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  const wanted = [...new Set(userIds)];
  return db.transaction(async (tx) => {
    // Locking the cohort row serialises concurrent additions (and imports), so capacity holds.
    const cohort = await cohortForAdding(tx, center.id, cohortId, true);
    if (cohort.closed) return { ok: false as const, field: "members" as const, message: "validation.cohort.closed" };
    const trainees = await centerMemberIds(tx, center.id, "trainee", wanted);
    if (trainees.length !== wanted.length)
      return { ok: false as const, field: "members" as const, message: "validation.cohort.notTrainee" };
    const already = new Set(await cohortMembersAmong(tx, cohortId, wanted));
    const fresh = wanted.filter((id) => !already.has(id));
    if (cohort.memberCount + fresh.length > cohort.capacity)
      return { ok: false as const, field: "members" as const, message: "validation.cohort.full" };
    if (fresh.length) {
      await insertCohortMembers(tx, cohortId, fresh, actor.id);
      await recordAudit(tx, {
        actorId: actor.id,
        action: "cohort.members.add",
        targetType: "cohort",
        targetId: cohortId,
        after: { userIds: fresh },
      });
    }
    return { ok: true as const, added: fresh.length, addedIds: fresh };
  });
}

export async function removeCohortMember(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  cohortId: string,
  userId: string,
) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  await db.transaction(async (tx) => {
    const cohort = await cohortAtCenter(tx, center.id, cohortId);
    if (cohort.closedAt) return;
    const removed = await tx
      .delete(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
      .returning({ userId: cohortMembers.userId });
    if (removed.length)
      await recordAudit(tx, {
        actorId: actor.id,
        action: "cohort.members.remove",
        targetType: "cohort",
        targetId: cohortId,
        before: { userId },
      });
  });
}

/** Closing freezes the membership; it is kept for the record. */
export async function closeCohort(db: DbOrTx, actor: Actor, center: CenterRef, cohortId: string, now = new Date()) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  await db.transaction(async (tx) => {
    await cohortAtCenter(tx, center.id, cohortId);
    const closed = await tx
      .update(cohorts)
      .set({ closedAt: now })
      .where(and(eq(cohorts.id, cohortId), isNull(cohorts.closedAt)))
      .returning({ id: cohorts.id });
    if (closed.length)
      await recordAudit(tx, { actorId: actor.id, action: "cohort.close", targetType: "cohort", targetId: cohortId });
  });
}

/**
 * The trainee's own cohorts with their dates and instructors. Their exam sessions belong to exams (above
 * cohorts): app/workflows/cohort-schedule.server.ts adds them.
 */
export async function cohortsOfTrainee(db: DbOrTx, userId: string) {
  const [rows, instructors] = await Promise.all([
    db
      .select({
        id: cohorts.id,
        name: cohorts.name,
        levelSlug: cohorts.levelSlug,
        startsOn: cohorts.startsOn,
        endsOn: cohorts.endsOn,
        closedAt: cohorts.closedAt,
      })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(eq(cohortMembers.userId, userId))
      .orderBy(desc(cohorts.startsOn)),
    db
      .select({ cohortId: cohortInstructors.cohortId, name: people.name })
      .from(cohortInstructors)
      .innerJoin(people, eq(people.id, cohortInstructors.userId))
      .where(inArray(cohortInstructors.cohortId, cohortIdsOfMember(userId))),
  ]);
  return rows.map((r) => ({ ...r, instructors: instructors.filter((i) => i.cohortId === r.id).map((i) => i.name) }));
}
