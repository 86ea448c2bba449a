import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { examAccommodations, examAttempts } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { isTraineeOfCenter, requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { notFound } from "~/utils/errors.server";

type Actor = Pick<SessionUser, "id" | "memberships">;

/**
 * Center staff set a trainee's extra time and extra attempts for a level's exam. Extra time reaches a
 * running attempt at once: its deadline moves by the difference, in the same transaction. Audited.
 */
export async function grantAccommodation(
  db: DbOrTx,
  actor: Actor,
  input: {
    centerId: string;
    traineeId: string;
    levelSlug: string;
    extraMinutes: number;
    extraAttempts: number;
    now?: Date;
  },
) {
  requirePermission(actor, "manage:center", { centerId: input.centerId });
  if (!(await isTraineeOfCenter(db, input.traineeId, input.centerId))) throw notFound();
  if (!(await loadLevels(db)).some((l) => l.slug === input.levelSlug && l.config.exam)) throw notFound();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ extraMinutes: examAccommodations.extraMinutes, extraAttempts: examAccommodations.extraAttempts })
      .from(examAccommodations)
      .where(and(eq(examAccommodations.userId, input.traineeId), eq(examAccommodations.levelSlug, input.levelSlug)));
    const values = {
      extraMinutes: input.extraMinutes,
      extraAttempts: input.extraAttempts,
      grantedBy: actor.id,
      updatedAt: input.now ?? new Date(),
    };
    await tx
      .insert(examAccommodations)
      .values({ userId: input.traineeId, levelSlug: input.levelSlug, ...values })
      .onConflictDoUpdate({ target: [examAccommodations.userId, examAccommodations.levelSlug], set: values });
    const delta = input.extraMinutes - (before?.extraMinutes ?? 0);
    if (delta !== 0)
      await tx
        .update(examAttempts)
        // Still never past the window's close (the session's or the exam's).
        .set({
          deadlineAt: sql`least(${examAttempts.deadlineAt} + make_interval(mins => ${delta}::int), coalesce(${examAttempts.windowClosesAt}, 'infinity'::timestamptz))`,
        })
        .where(
          and(
            eq(examAttempts.userId, input.traineeId),
            eq(examAttempts.levelSlug, input.levelSlug),
            eq(examAttempts.status, "open"),
          ),
        );
    await recordAudit(tx, {
      actorId: actor.id,
      action: "exam.accommodation",
      targetType: "user",
      targetId: input.traineeId,
      before: before ?? null,
      after: { levelSlug: input.levelSlug, extraMinutes: input.extraMinutes, extraAttempts: input.extraAttempts },
    });
  });
}
