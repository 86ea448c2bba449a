import { and, asc, count, desc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { cohortInstructors, cohortMembers, cohorts, examSessions, levels, users } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { requirePermission } from "~/modules/auth/index.server";
import type { SessionUser } from "~/modules/auth/index.server";
import { centerMemberIds } from "~/modules/orgs/index.server";
import { isUniqueViolation, notFound } from "~/utils/errors.server";

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

export type CohortFailure = { ok: false; field: keyof CohortInput | "members"; error: string };

export async function listCohorts(db: DbOrTx, actor: Actor, center: CenterRef) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const memberCounts = db
    .select({ cohortId: cohortMembers.cohortId, members: count().as("members") })
    .from(cohortMembers)
    .groupBy(cohortMembers.cohortId)
    .as("member_counts");
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
  if (input.endsOn < input.startsOn) return { ok: false, field: "endsOn", error: "validation.cohort.endsBeforeStart" };
  const [level] = await db.select({ slug: levels.slug }).from(levels).where(eq(levels.slug, input.levelSlug));
  if (!level) return { ok: false, field: "levelSlug", error: "validation.level.unknown" };
  const staff = await centerMemberIds(db, centerId, "center_staff", input.instructorIds);
  if (staff.length !== new Set(input.instructorIds).size)
    return { ok: false, field: "instructorIds", error: "validation.cohort.instructorNotStaff" };
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
        await tx.insert(cohortInstructors).values([...new Set(input.instructorIds)].map((userId) => ({ cohortId: cohort!.id, userId })));
      await recordAudit(tx, { actorId: actor.id, action: "cohort.create", targetType: "cohort", targetId: cohort!.id, after: input });
      return { ok: true as const, cohortId: cohort!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, field: "name", error: "validation.cohort.nameTaken" } satisfies CohortFailure;
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

/** A cohort with its instructors, members and exam sessions, for the center's staff. */
export async function cohortDetail(db: DbOrTx, actor: Actor, center: CenterRef, cohortId: string) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const cohort = await cohortAtCenter(db, center.id, cohortId);
  const [instructors, members, sessions] = await Promise.all([
    db
      .select({ id: users.id, name: users.name })
      .from(cohortInstructors)
      .innerJoin(users, eq(users.id, cohortInstructors.userId))
      .where(eq(cohortInstructors.cohortId, cohortId))
      .orderBy(asc(users.name)),
    db
      .select({ id: users.id, name: users.name, email: users.email, phone: users.phone, addedAt: cohortMembers.addedAt })
      .from(cohortMembers)
      .innerJoin(users, eq(users.id, cohortMembers.userId))
      .where(eq(cohortMembers.cohortId, cohortId))
      .orderBy(asc(users.name)),
    db
      .select({
        id: examSessions.id,
        name: examSessions.name,
        location: examSessions.location,
        opensAt: examSessions.opensAt,
        closesAt: examSessions.closesAt,
        cancelledAt: examSessions.cancelledAt,
      })
      .from(examSessions)
      .where(eq(examSessions.cohortId, cohortId))
      .orderBy(asc(examSessions.opensAt)),
  ]);
  return { cohort, instructors, members, sessions };
}

/**
 * Adds trainees of the center to a cohort, all or none. Members already in it are left as they are, so
 * a repeated request changes nothing. A closed cohort, or one that would exceed its capacity, refuses.
 */
export async function addCohortMembers(db: DbOrTx, actor: Actor, center: CenterRef, cohortId: string, userIds: string[]) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  const wanted = [...new Set(userIds)];
  return db.transaction(async (tx) => {
    // Locking the cohort row serialises concurrent additions, so capacity holds.
    const [cohort] = await tx
      .select()
      .from(cohorts)
      .where(and(eq(cohorts.id, cohortId), eq(cohorts.centerId, center.id)))
      .for("update");
    if (!cohort) throw notFound();
    if (cohort.closedAt) return { ok: false as const, field: "members" as const, error: "validation.cohort.closed" };
    const trainees = await centerMemberIds(tx, center.id, "trainee", wanted);
    if (trainees.length !== wanted.length) return { ok: false as const, field: "members" as const, error: "validation.cohort.notTrainee" };
    const current = await tx.select({ userId: cohortMembers.userId }).from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId));
    const already = new Set(current.map((m) => m.userId));
    const fresh = wanted.filter((id) => !already.has(id));
    if (current.length + fresh.length > cohort.capacity)
      return { ok: false as const, field: "members" as const, error: "validation.cohort.full" };
    if (fresh.length) {
      await tx.insert(cohortMembers).values(fresh.map((userId) => ({ cohortId, userId, addedBy: actor.id })));
      await recordAudit(tx, { actorId: actor.id, action: "cohort.members.add", targetType: "cohort", targetId: cohortId, after: { userIds: fresh } });
    }
    return { ok: true as const, added: fresh.length };
  });
}

export async function removeCohortMember(db: DbOrTx, actor: Actor, center: CenterRef, cohortId: string, userId: string) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  await db.transaction(async (tx) => {
    const cohort = await cohortAtCenter(tx, center.id, cohortId);
    if (cohort.closedAt) return;
    const removed = await tx
      .delete(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
      .returning({ userId: cohortMembers.userId });
    if (removed.length)
      await recordAudit(tx, { actorId: actor.id, action: "cohort.members.remove", targetType: "cohort", targetId: cohortId, before: { userId } });
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
    if (closed.length) await recordAudit(tx, { actorId: actor.id, action: "cohort.close", targetType: "cohort", targetId: cohortId });
  });
}

/** The trainee's own cohorts with their schedule: dates, instructors and exam sessions. */
export async function cohortsOfTrainee(db: DbOrTx, userId: string) {
  const rows = await db
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
    .orderBy(desc(cohorts.startsOn));
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [instructors, sessions] = await Promise.all([
    db
      .select({ cohortId: cohortInstructors.cohortId, name: users.name })
      .from(cohortInstructors)
      .innerJoin(users, eq(users.id, cohortInstructors.userId))
      .where(inArray(cohortInstructors.cohortId, ids)),
    db
      .select({
        cohortId: examSessions.cohortId,
        id: examSessions.id,
        name: examSessions.name,
        location: examSessions.location,
        opensAt: examSessions.opensAt,
        closesAt: examSessions.closesAt,
      })
      .from(examSessions)
      .where(and(inArray(examSessions.cohortId, ids), isNull(examSessions.cancelledAt)))
      .orderBy(asc(examSessions.opensAt)),
  ]);
  return rows.map((r) => ({
    ...r,
    instructors: instructors.filter((i) => i.cohortId === r.id).map((i) => i.name),
    sessions: sessions.filter((s) => s.cohortId === r.id).map(({ cohortId: _c, ...s }) => s),
  }));
}
