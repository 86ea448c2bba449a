import { and, asc, desc, eq, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "#db/client";
import { cohortMembers, cohorts, memberships, organizations, traineeTransfers, users } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { can, requirePermission } from "~/modules/auth/index.server";
import type { SessionUser } from "~/modules/auth/index.server";
import { notFound } from "~/utils/errors.server";

type Actor = Pick<SessionUser, "id" | "memberships">;
interface CenterRef {
  id: string;
  regionId: string | null;
}

/**
 * How a training center stands to a person: "current" while they are its trainee; "former" when they
 * were (they sat in one of its cohorts or were transferred away from it), whose records it may read but
 * not change; null otherwise.
 */
export type CenterRelation = "current" | "former" | null;

export async function centerRelationToTrainee(db: DbOrTx, centerId: string, userId: string): Promise<CenterRelation> {
  const [current] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.role, "trainee"), eq(memberships.organizationId, centerId)))
    .limit(1);
  if (current) return "current";
  const [inCohort] = await db
    .select({ cohortId: cohortMembers.cohortId })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(and(eq(cohortMembers.userId, userId), eq(cohorts.centerId, centerId)))
    .limit(1);
  if (inCohort) return "former";
  const [transferredAway] = await db
    .select({ id: traineeTransfers.id })
    .from(traineeTransfers)
    .where(and(eq(traineeTransfers.userId, userId), eq(traineeTransfers.fromCenterId, centerId)))
    .limit(1);
  return transferredAway ? "former" : null;
}

/**
 * Who may move a trainee between two centers: a platform admin (any centers) or the admin of the
 * region both centers belong to. Center staff never: a center cannot take or give away people itself.
 */
export function canTransferBetween(actor: Actor, from: { regionId: string | null }, to?: { regionId: string | null }) {
  return can(actor, "transfer:trainees", { regionId: from.regionId }) && (!to || can(actor, "transfer:trainees", { regionId: to.regionId }));
}

/** The training centers this person may move a trainee of `from` to (empty when they may not move them at all). */
export async function transferTargets(db: DbOrTx, actor: Actor, from: CenterRef) {
  if (!canTransferBetween(actor, from)) return [];
  const centers = await db
    .select({ id: organizations.id, nameZh: organizations.nameZh, nameEn: organizations.nameEn, regionId: organizations.regionId })
    .from(organizations)
    .where(and(eq(organizations.kind, "training_center"), ne(organizations.id, from.id)))
    .orderBy(asc(organizations.nameZh));
  return centers.filter((c) => canTransferBetween(actor, from, c)).map(({ regionId: _r, ...c }) => c);
}

export type TransferResult = { ok: true } | { ok: false; field: "toCenterId" | "reason"; error: string };
export const TRANSFER_REASON_MAX = 500;

/**
 * Moves a trainee to another training center: their trainee role changes center, a transfer row keeps
 * the history, audited; one transaction. The old center keeps its cohorts' records, read-only.
 */
export async function transferTrainee(
  db: DbOrTx,
  actor: Actor,
  input: { traineeId: string; fromCenterId: string; toCenterId: string; reason: string },
): Promise<TransferResult> {
  const [from, to] = await Promise.all([trainingCenter(db, input.fromCenterId), trainingCenter(db, input.toCenterId)]);
  if (!from) throw notFound();
  requirePermission(actor, "transfer:trainees", { regionId: from.regionId });
  if (!to) return { ok: false, field: "toCenterId", error: "enrolment.transfer.errors.unknownCenter" };
  requirePermission(actor, "transfer:trainees", { regionId: to.regionId });
  if (from.id === to.id) return { ok: false, field: "toCenterId", error: "enrolment.transfer.errors.sameCenter" };
  const reason = input.reason.trim();
  if (!reason || [...reason].length > TRANSFER_REASON_MAX) return { ok: false, field: "reason", error: "enrolment.transfer.errors.reason" };

  return db.transaction(async (tx) => {
    const [membership] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, input.traineeId), eq(memberships.role, "trainee"), eq(memberships.organizationId, from.id)))
      .for("update");
    // Not (or no longer) a trainee of this center: a repeated request finds nothing to move.
    if (!membership) throw notFound();
    const [already] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, input.traineeId), eq(memberships.role, "trainee"), eq(memberships.organizationId, to.id)));
    if (already) await tx.delete(memberships).where(eq(memberships.id, membership.id));
    else await tx.update(memberships).set({ organizationId: to.id }).where(eq(memberships.id, membership.id));
    const [transfer] = await tx
      .insert(traineeTransfers)
      .values({ userId: input.traineeId, fromCenterId: from.id, toCenterId: to.id, reason, transferredBy: actor.id })
      .returning({ id: traineeTransfers.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "trainee.transfer",
      targetType: "user",
      targetId: input.traineeId,
      before: { centerId: from.id },
      after: { centerId: to.id, reason, transferId: transfer!.id },
    });
    return { ok: true as const };
  });
}

async function trainingCenter(db: DbOrTx, id: string) {
  const [center] = await db
    .select({ id: organizations.id, regionId: organizations.regionId })
    .from(organizations)
    .where(and(eq(organizations.id, id), eq(organizations.kind, "training_center")));
  return center;
}

/** A trainee's moves between centers, newest first (for anyone who may see the trainee's page). */
export async function transferHistory(db: DbOrTx, traineeId: string) {
  const fromCenter = alias(organizations, "from_center");
  const toCenter = alias(organizations, "to_center");
  return db
    .select({
      id: traineeTransfers.id,
      fromNameZh: fromCenter.nameZh,
      fromNameEn: fromCenter.nameEn,
      toNameZh: toCenter.nameZh,
      toNameEn: toCenter.nameEn,
      reason: traineeTransfers.reason,
      by: users.name,
      at: traineeTransfers.transferredAt,
    })
    .from(traineeTransfers)
    .innerJoin(toCenter, eq(toCenter.id, traineeTransfers.toCenterId))
    .leftJoin(fromCenter, eq(fromCenter.id, traineeTransfers.fromCenterId))
    .leftJoin(users, eq(users.id, traineeTransfers.transferredBy))
    .where(eq(traineeTransfers.userId, traineeId))
    .orderBy(desc(traineeTransfers.transferredAt), desc(traineeTransfers.id));
}
