import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { traineeTransfers } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { people } from "~/modules/auth/index.server";
import {
  can,
  findTrainingCenter,
  isTraineeOfCenter,
  listTrainingCenterRefs,
  moveTraineeRole,
  organizationsAs,
  requirePermission,
  type SessionUser,
} from "~/modules/orgs/index.server";
import { satInCohortOfCenter } from "~/modules/cohorts/index.server";
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
  if (await isTraineeOfCenter(db, userId, centerId)) return "current";
  if (await satInCohortOfCenter(db, userId, centerId)) return "former";
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
  return (
    can(actor, "transfer:trainees", { regionId: from.regionId }) &&
    (!to || can(actor, "transfer:trainees", { regionId: to.regionId }))
  );
}

/** The training centers this person may move a trainee of `from` to (empty when they may not move them at all). */
export async function transferTargets(db: DbOrTx, actor: Actor, from: CenterRef) {
  if (!canTransferBetween(actor, from)) return [];
  const centers = await listTrainingCenterRefs(db);
  return centers
    .filter((c) => c.id !== from.id && canTransferBetween(actor, from, c))
    .map(({ regionId: _r, ...c }) => c);
}

export type TransferResult = { ok: true } | { ok: false; field: "toCenterId" | "reason"; message: string };
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
  const [from, to] = await Promise.all([
    findTrainingCenter(db, input.fromCenterId),
    findTrainingCenter(db, input.toCenterId),
  ]);
  if (!from) throw notFound();
  requirePermission(actor, "transfer:trainees", { regionId: from.regionId });
  if (!to) return { ok: false, field: "toCenterId", message: "enrolment.transfer.errors.unknownCenter" };
  requirePermission(actor, "transfer:trainees", { regionId: to.regionId });
  if (from.id === to.id) return { ok: false, field: "toCenterId", message: "enrolment.transfer.errors.sameCenter" };
  const reason = input.reason.trim();
  if (!reason || [...reason].length > TRANSFER_REASON_MAX)
    return { ok: false, field: "reason", message: "enrolment.transfer.errors.reason" };

  return db.transaction(async (tx) => {
    // Not (or no longer) a trainee of this center: a repeated request finds nothing to move. The old
    // center's cohorts keep the person on record (read-only for it), so cohort memberships stay.
    if (!(await moveTraineeRole(tx, input.traineeId, from.id, to.id))) throw notFound();
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

/** A trainee's moves between centers, newest first (for anyone who may see the trainee's page). */
export async function transferHistory(db: DbOrTx, traineeId: string) {
  const fromCenter = organizationsAs("from_center");
  const toCenter = organizationsAs("to_center");
  return db
    .select({
      id: traineeTransfers.id,
      fromNameZh: fromCenter.nameZh,
      fromNameEn: fromCenter.nameEn,
      toNameZh: toCenter.nameZh,
      toNameEn: toCenter.nameEn,
      reason: traineeTransfers.reason,
      by: people.name,
      at: traineeTransfers.transferredAt,
    })
    .from(traineeTransfers)
    .innerJoin(toCenter, eq(toCenter.id, traineeTransfers.toCenterId))
    .leftJoin(fromCenter, eq(fromCenter.id, traineeTransfers.fromCenterId))
    .leftJoin(people, eq(people.id, traineeTransfers.transferredBy))
    .where(eq(traineeTransfers.userId, traineeId))
    .orderBy(desc(traineeTransfers.transferredAt), desc(traineeTransfers.id));
}
