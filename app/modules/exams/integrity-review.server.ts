import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { examAttempts, examDeviceRequests, examIntegrityReviews, examSessions } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { namesOf } from "~/modules/auth/index.server";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";
import { integrityEventsOf } from "./integrity.server";

/**
 * An attempt's integrity record and its review (docs/exam-integrity.md). Staff flag an attempt; a flagged
 * attempt's pass issues no certificate until someone decides: accept it, or void it with a reason. (The
 * candidate's own question flags, 标记, are another thing: flags.server.ts.)
 */

type Actor = Pick<SessionUser, "id" | "memberships">;

/** The attempt, if it was sat in a session of this center and the actor is that center's staff. */
async function attemptOfCenter(db: DbOrTx, actor: Actor, centerId: string, attemptId: string) {
  requirePermission(actor, "manage:center", { centerId });
  if (!/^[0-9a-f-]{36}$/i.test(attemptId)) throw notFound();
  const [row] = await db
    .select({ attempt: examAttempts, session: { id: examSessions.id, name: examSessions.name } })
    .from(examAttempts)
    .innerJoin(examSessions, eq(examSessions.id, examAttempts.sessionId))
    .where(and(eq(examAttempts.id, attemptId), eq(examSessions.centerId, centerId)));
  if (!row) throw notFound();
  return row;
}

/** Flags an attempt (inside the caller's transaction); a flag already waiting for a decision stays as it is. */
export async function flagForReview(
  tx: DbOrTx,
  actor: Actor,
  input: { attemptId: string; reason: string; now: Date },
): Promise<boolean> {
  const [existing] = await tx
    .select({ decision: examIntegrityReviews.decision })
    .from(examIntegrityReviews)
    .where(eq(examIntegrityReviews.attemptId, input.attemptId))
    .for("update");
  if (existing && existing.decision === null) return false;
  const values = {
    flaggedBy: actor.id,
    flaggedAt: input.now,
    flagReason: input.reason,
    decision: null,
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
  };
  await tx
    .insert(examIntegrityReviews)
    .values({ attemptId: input.attemptId, ...values })
    .onConflictDoUpdate({ target: examIntegrityReviews.attemptId, set: values });
  await recordAudit(tx, {
    actorId: actor.id,
    action: "exam.integrity.flag",
    targetType: "exam_attempt",
    targetId: input.attemptId,
    before: existing ?? null,
    after: { reason: input.reason },
  });
  return true;
}

export type ReviewFailure = { ok: false; message: string };

/** Center staff (graders) or a platform admin flag an attempt of the center's sessions for a decision. */
export async function flagAttempt(
  db: DbOrTx,
  actor: Actor,
  centerId: string,
  input: { attemptId: string; reason: string; now?: Date },
): Promise<{ ok: true } | ReviewFailure> {
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 500) return { ok: false, message: "integrity.review.reasonRequired" };
  await attemptOfCenter(db, actor, centerId, input.attemptId);
  const flagged = await db.transaction((tx) =>
    flagForReview(tx, actor, { attemptId: input.attemptId, reason, now: input.now ?? new Date() }),
  );
  return flagged ? { ok: true } : { ok: false, message: "integrity.review.alreadyFlagged" };
}

export interface ReviewDecision {
  attemptId: string;
  userId: string;
  levelSlug: string;
  decision: "accepted" | "voided";
  /** The attempt's graded result: an accepted pass may now issue the certificate. */
  passed: boolean | null;
}

/**
 * Decides a flagged attempt: accept (its result stands) or void with a reason (it never counts as a pass;
 * it still counts as an attempt used). Audited; the caller notifies the candidate and, on an accepted
 * pass, runs the certification workflow (app/workflows/exam-integrity.server.ts).
 */
export async function decideReview(
  db: DbOrTx,
  actor: Actor,
  centerId: string,
  input: { attemptId: string; decision: "accepted" | "voided"; reason: string; now?: Date },
): Promise<{ ok: true; decided: ReviewDecision } | ReviewFailure> {
  const reason = input.reason.trim();
  if (input.decision === "voided" && reason.length < 2) return { ok: false, message: "integrity.review.voidReason" };
  if (reason.length > 500) return { ok: false, message: "integrity.review.reasonLength" };
  const { attempt } = await attemptOfCenter(db, actor, centerId, input.attemptId);
  if (attempt.status === "open") return { ok: false, message: "integrity.review.stillOpen" };
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [decided] = await tx
      .update(examIntegrityReviews)
      .set({ decision: input.decision, decidedBy: actor.id, decidedAt: now, decisionReason: reason || null })
      .where(and(eq(examIntegrityReviews.attemptId, attempt.id), isNull(examIntegrityReviews.decision)))
      .returning({ flagReason: examIntegrityReviews.flagReason });
    if (!decided) return { ok: false as const, message: "integrity.review.nothingToDecide" };
    await recordAudit(tx, {
      actorId: actor.id,
      action: "exam.integrity.decide",
      targetType: "exam_attempt",
      targetId: attempt.id,
      before: { flagReason: decided.flagReason },
      after: { decision: input.decision, reason: reason || null },
    });
    return {
      ok: true as const,
      decided: {
        attemptId: attempt.id,
        userId: attempt.userId,
        levelSlug: attempt.levelSlug,
        decision: input.decision,
        passed: attempt.passed,
      },
    };
  });
}

/** The whole integrity record of one attempt, for graders (the center's staff) and admins. */
export async function integrityRecord(db: DbOrTx, actor: Actor, centerId: string, attemptId: string) {
  const { attempt, session } = await attemptOfCenter(db, actor, centerId, attemptId);
  const [events, [review], devices] = await Promise.all([
    integrityEventsOf(db, attempt.id),
    db.select().from(examIntegrityReviews).where(eq(examIntegrityReviews.attemptId, attempt.id)),
    db
      .select({
        status: examDeviceRequests.status,
        requestedAt: examDeviceRequests.requestedAt,
        decidedAt: examDeviceRequests.decidedAt,
        decidedBy: examDeviceRequests.decidedBy,
      })
      .from(examDeviceRequests)
      .where(eq(examDeviceRequests.attemptId, attempt.id))
      .orderBy(asc(examDeviceRequests.requestedAt)),
  ]);
  const names = await namesOf(
    db,
    [attempt.userId, attempt.endedBy, review?.flaggedBy, review?.decidedBy, ...devices.map((d) => d.decidedBy)].filter(
      (id): id is string => !!id,
    ),
  );
  return {
    attempt: {
      id: attempt.id,
      candidate: names.get(attempt.userId) ?? "",
      levelSlug: attempt.levelSlug,
      status: attempt.status,
      startedAt: attempt.startedAt.toISOString(),
      closedAt: attempt.closedAt?.toISOString() ?? null,
      scoreTenths: attempt.scoreTenths,
      maxTenths: attempt.maxTenths,
      passed: attempt.passed,
      endReason: attempt.endReason,
      endedBy: attempt.endedBy ? (names.get(attempt.endedBy) ?? "") : null,
    },
    session,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      occurredAt: e.occurredAt.toISOString(),
      receivedAt: e.receivedAt.toISOString(),
      detail: e.detail,
    })),
    devices: devices.map((d) => ({
      status: d.status,
      requestedAt: d.requestedAt.toISOString(),
      decidedAt: d.decidedAt?.toISOString() ?? null,
      decidedBy: d.decidedBy ? (names.get(d.decidedBy) ?? "") : null,
    })),
    review: review
      ? {
          flaggedBy: review.flaggedBy ? (names.get(review.flaggedBy) ?? "") : null,
          flaggedAt: review.flaggedAt.toISOString(),
          flagReason: review.flagReason,
          decision: review.decision,
          decidedBy: review.decidedBy ? (names.get(review.decidedBy) ?? "") : null,
          decidedAt: review.decidedAt?.toISOString() ?? null,
          decisionReason: review.decisionReason,
        }
      : null,
  };
}
