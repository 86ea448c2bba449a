import { eq, inArray, type Placeholder } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { priorQualifications } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { peopleAs } from "~/modules/auth/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { isTraineeOfCenter, requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";

type Actor = Pick<SessionUser, "id" | "memberships">;

/**
 * The levels a person holds by a recorded equivalent qualification, as a query to union with the valid
 * certificates' levels (certificates does: learning sits below it), so "held levels" stays one round trip.
 */
export function priorLevelsQuery(db: DbOrTx, userId: string | Placeholder) {
  return db
    .select({ levelSlug: priorQualifications.levelSlug })
    .from(priorQualifications)
    .where(eq(priorQualifications.userId, userId));
}

/** The levels each person holds by a recorded equivalent qualification. */
export async function priorQualificationLevels(
  db: DbOrTx,
  userIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const held = new Map<string, Set<string>>();
  if (!userIds.length) return held;
  const rows = await db
    .select({ userId: priorQualifications.userId, levelSlug: priorQualifications.levelSlug })
    .from(priorQualifications)
    .where(inArray(priorQualifications.userId, [...userIds]));
  for (const r of rows) held.set(r.userId, (held.get(r.userId) ?? new Set()).add(r.levelSlug));
  return held;
}

/** A person's recorded qualifications with who recorded them, for staff. */
export async function qualificationsOf(db: DbOrTx, userId: string) {
  const recorder = peopleAs("recorder");
  return db
    .select({
      levelSlug: priorQualifications.levelSlug,
      note: priorQualifications.note,
      createdAt: priorQualifications.createdAt,
      recordedBy: recorder.name,
    })
    .from(priorQualifications)
    .leftJoin(recorder, eq(recorder.id, priorQualifications.recordedBy))
    .where(eq(priorQualifications.userId, userId));
}

export type PriorQualificationResult = { ok: true } | { ok: false; field: string; message: string };

/** Center staff record an equivalent prior qualification for one of their trainees; audited. */
export async function recordPriorQualification(
  db: DbOrTx,
  actor: Actor,
  input: { centerId: string; traineeId: string; levelSlug: string; note: string },
): Promise<PriorQualificationResult> {
  requirePermission(actor, "manage:center", { centerId: input.centerId });
  // Another center's trainee is simply not found from here.
  if (!(await isTraineeOfCenter(db, input.traineeId, input.centerId))) throw notFound();
  const levelRows = await loadLevels(db);
  if (!levelRows.some((l) => l.slug === input.levelSlug))
    return { ok: false, field: "levelSlug", message: "validation.level.unknown" };
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(priorQualifications)
      .values({
        userId: input.traineeId,
        levelSlug: input.levelSlug,
        centerId: input.centerId,
        recordedBy: actor.id,
        note: input.note,
      })
      .onConflictDoNothing()
      .returning({ id: priorQualifications.id });
    if (inserted.length === 0)
      return { ok: false as const, field: "levelSlug", message: "validation.qualification.exists" };
    await recordAudit(tx, {
      actorId: actor.id,
      action: "qualification.record",
      targetType: "user",
      targetId: input.traineeId,
      after: { levelSlug: input.levelSlug, centerId: input.centerId, note: input.note },
    });
    return { ok: true as const };
  });
}
