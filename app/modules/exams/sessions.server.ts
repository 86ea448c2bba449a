import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql, type SQLWrapper } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { examSessionCandidates, examSessions } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { people } from "~/modules/auth/index.server";
import { centerMemberIds, requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { cohortIdsOfMember, cohortLevelAtCenter, cohortNames } from "~/modules/cohorts/index.server";
import { levelConfigOf } from "~/modules/content/index.server";
import { notFound } from "~/utils/errors.server";

type Actor = Pick<SessionUser, "id" | "memberships">;
interface CenterRef {
  id: string;
  regionId: string | null;
}

export interface SessionInput {
  levelSlug: string;
  name: string;
  location: string | null;
  opensAt: Date;
  closesAt: Date;
  /** Either a cohort of the center… */
  cohortId: string | null;
  /** …or named trainees of the center. */
  traineeIds: string[];
}

export type SessionFailure = { ok: false; field: keyof SessionInput; message: string };

/**
 * Center staff schedule an exam session: a window in which its candidates may start the level's exam.
 * Candidates are a cohort of the center (its members at the time they start) or named trainees.
 */
export async function scheduleExamSession(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  input: SessionInput,
  now = new Date(),
) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  if (input.closesAt <= input.opensAt)
    return { ok: false, field: "closesAt", message: "validation.session.closesBeforeOpens" } satisfies SessionFailure;
  if (input.closesAt <= now)
    return { ok: false, field: "closesAt", message: "validation.session.closesInPast" } satisfies SessionFailure;
  if (!(await levelConfigOf(db, input.levelSlug)))
    return { ok: false, field: "levelSlug", message: "validation.level.unknown" } satisfies SessionFailure;
  const traineeIds = [...new Set(input.traineeIds)];
  if (input.cohortId) {
    const cohortLevel = await cohortLevelAtCenter(db, center.id, input.cohortId);
    if (cohortLevel === null)
      return { ok: false, field: "cohortId", message: "validation.session.unknownCohort" } satisfies SessionFailure;
    if (cohortLevel !== input.levelSlug)
      return { ok: false, field: "levelSlug", message: "validation.session.levelMismatch" } satisfies SessionFailure;
  } else {
    if (!traineeIds.length)
      return { ok: false, field: "traineeIds", message: "validation.session.noCandidates" } satisfies SessionFailure;
    const known = await centerMemberIds(db, center.id, "trainee", traineeIds);
    if (known.length !== traineeIds.length)
      return { ok: false, field: "traineeIds", message: "validation.cohort.notTrainee" } satisfies SessionFailure;
  }
  return db.transaction(async (tx) => {
    const [session] = await tx
      .insert(examSessions)
      .values({
        centerId: center.id,
        levelSlug: input.levelSlug,
        cohortId: input.cohortId,
        name: input.name,
        location: input.location,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        createdBy: actor.id,
      })
      .returning({ id: examSessions.id });
    if (!input.cohortId)
      await tx.insert(examSessionCandidates).values(traineeIds.map((userId) => ({ sessionId: session!.id, userId })));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "exam.session.schedule",
      targetType: "exam_session",
      targetId: session!.id,
      after: { ...input, traineeIds, opensAt: input.opensAt.toISOString(), closesAt: input.closesAt.toISOString() },
    });
    return { ok: true as const, sessionId: session!.id };
  });
}

/** Cancelling stops new starts; attempts already running keep their deadline. */
export async function cancelExamSession(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  sessionId: string,
  now = new Date(),
) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  await db.transaction(async (tx) => {
    const cancelled = await tx
      .update(examSessions)
      .set({ cancelledAt: now })
      .where(
        and(eq(examSessions.id, sessionId), eq(examSessions.centerId, center.id), isNull(examSessions.cancelledAt)),
      )
      .returning({ id: examSessions.id });
    if (!cancelled.length) {
      const [exists_] = await tx
        .select({ id: examSessions.id })
        .from(examSessions)
        .where(and(eq(examSessions.id, sessionId), eq(examSessions.centerId, center.id)));
      if (!exists_) throw notFound();
      return;
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "exam.session.cancel",
      targetType: "exam_session",
      targetId: sessionId,
    });
  });
}

export interface SessionChange {
  sessionId: string;
  opensAt: Date;
  closesAt: Date;
  location: string | null;
}

/**
 * Center staff move a scheduled session (its window or its place). Returns when it changed (null when nothing
 * did), which the candidates' notification and calendar update are keyed by. A cancelled session or one that
 * has closed stays as it was; attempts already running keep their deadline.
 */
export async function rescheduleExamSession(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  change: SessionChange,
  now = new Date(),
): Promise<{ ok: true; changedAt: Date | null } | { ok: false; field: keyof SessionChange; message: string }> {
  requirePermission(actor, "manage:center", { centerId: center.id });
  if (change.closesAt <= change.opensAt)
    return { ok: false, field: "closesAt", message: "validation.session.closesBeforeOpens" };
  if (change.closesAt <= now) return { ok: false, field: "closesAt", message: "validation.session.closesInPast" };
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        opensAt: examSessions.opensAt,
        closesAt: examSessions.closesAt,
        location: examSessions.location,
        cancelledAt: examSessions.cancelledAt,
      })
      .from(examSessions)
      .where(and(eq(examSessions.id, change.sessionId), eq(examSessions.centerId, center.id)))
      .for("update");
    if (!before) throw notFound();
    if (before.cancelledAt)
      return { ok: false as const, field: "sessionId" as const, message: "validation.session.cancelled" };
    if (before.closesAt <= now)
      return { ok: false as const, field: "sessionId" as const, message: "validation.session.closed" };
    const same =
      before.opensAt.getTime() === change.opensAt.getTime() &&
      before.closesAt.getTime() === change.closesAt.getTime() &&
      (before.location ?? null) === change.location;
    if (same) return { ok: true as const, changedAt: null };
    await tx
      .update(examSessions)
      .set({ opensAt: change.opensAt, closesAt: change.closesAt, location: change.location })
      .where(eq(examSessions.id, change.sessionId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "exam.session.reschedule",
      targetType: "exam_session",
      targetId: change.sessionId,
      before: { ...before, opensAt: before.opensAt.toISOString(), closesAt: before.closesAt.toISOString() },
      after: {
        location: change.location,
        opensAt: change.opensAt.toISOString(),
        closesAt: change.closesAt.toISOString(),
      },
    });
    return { ok: true as const, changedAt: now };
  });
}

/** The center's sessions, newest first, with who they are for. */
export async function listExamSessions(db: DbOrTx, actor: Actor, center: CenterRef) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const rows = await db
    .select({
      id: examSessions.id,
      name: examSessions.name,
      levelSlug: examSessions.levelSlug,
      location: examSessions.location,
      opensAt: examSessions.opensAt,
      closesAt: examSessions.closesAt,
      cancelledAt: examSessions.cancelledAt,
      cohortId: examSessions.cohortId,
      cohortName: cohortNames.name,
      candidates:
        sql<number>`(select count(*) from ${examSessionCandidates} where ${examSessionCandidates.sessionId} = ${examSessions.id})`.mapWith(
          Number,
        ),
    })
    .from(examSessions)
    .leftJoin(cohortNames, eq(cohortNames.id, examSessions.cohortId))
    .where(eq(examSessions.centerId, center.id))
    .orderBy(desc(examSessions.opensAt));
  const named = await db
    .select({ sessionId: examSessionCandidates.sessionId, name: people.name })
    .from(examSessionCandidates)
    .innerJoin(examSessions, eq(examSessions.id, examSessionCandidates.sessionId))
    .innerJoin(people, eq(people.id, examSessionCandidates.userId))
    .where(eq(examSessions.centerId, center.id))
    .orderBy(asc(people.name));
  return rows.map((r) => ({ ...r, names: named.filter((n) => n.sessionId === r.id).map((n) => n.name) }));
}

/** Sessions this person is a candidate of (through a cohort or by name), not cancelled. */
function sessionsOf(userId: string | SQLWrapper) {
  return and(
    isNull(examSessions.cancelledAt),
    or(
      sql`exists (select 1 from ${examSessionCandidates} where ${examSessionCandidates.sessionId} = ${examSessions.id} and ${examSessionCandidates.userId} = ${userId})`,
      inArray(examSessions.cohortId, cohortIdsOfMember(userId)),
    ),
  );
}

// Asked on every briefing and every start: prepared once per database handle (docs/performance.md, session 7).
const openSessionStatement = preparedFor((db) => {
  const now = sql.placeholder("now");
  return db
    .select({
      id: examSessions.id,
      closesAt: examSessions.closesAt,
      // What a new start is checked against (access.server.ts).
      accessCodeMode: examSessions.accessCodeMode,
      accessCode: examSessions.accessCode,
      accessSecret: examSessions.accessSecret,
      accessRotateMinutes: examSessions.accessRotateMinutes,
      allowedNetworks: examSessions.allowedNetworks,
    })
    .from(examSessions)
    .where(
      and(
        eq(examSessions.levelSlug, sql.placeholder("levelSlug")),
        lte(examSessions.opensAt, now),
        gt(examSessions.closesAt, now),
        sessionsOf(sql.placeholder("userId")),
      ),
    )
    .orderBy(desc(examSessions.closesAt))
    .limit(1)
    .prepare("open_exam_session_for");
});

/** The open session in which this person may start the level's exam now (the one closing last), or null. */
export async function openSessionFor(db: DbOrTx, userId: string, levelSlug: string, now: Date) {
  // A placeholder is not encoded by its column: the instant goes as the text Drizzle would send for it.
  const [session] = await openSessionStatement(db).execute({ userId, levelSlug, now: now.toISOString() });
  return session ?? null;
}

/** Sessions open now or still to come for this person, for their exams page and schedule. */
export async function upcomingSessionsFor(db: DbOrTx, userId: string, now: Date) {
  return db
    .select({
      id: examSessions.id,
      levelSlug: examSessions.levelSlug,
      name: examSessions.name,
      location: examSessions.location,
      opensAt: examSessions.opensAt,
      closesAt: examSessions.closesAt,
    })
    .from(examSessions)
    .where(and(gt(examSessions.closesAt, now), sessionsOf(userId)))
    .orderBy(asc(examSessions.opensAt));
}
