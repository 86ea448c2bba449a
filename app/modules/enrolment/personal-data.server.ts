import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { traineeProfiles, traineeTransfers } from "#db/schema";

export async function traineeDataOf(db: DbOrTx, userId: string) {
  const [profile, transfers] = await Promise.all([
    db
      .select({ employer: traineeProfiles.employer, jobTitle: traineeProfiles.jobTitle })
      .from(traineeProfiles)
      .where(eq(traineeProfiles.userId, userId)),
    db
      .select({
        fromCenterId: traineeTransfers.fromCenterId,
        toCenterId: traineeTransfers.toCenterId,
        reason: traineeTransfers.reason,
        transferredAt: traineeTransfers.transferredAt,
      })
      .from(traineeTransfers)
      .where(eq(traineeTransfers.userId, userId)),
  ]);
  return { profile: profile[0] ?? null, transfers };
}

/** Erasure: employer and job title go; transfers stay (a center's history) without their free-text reason. */
export async function eraseTraineeProfile(tx: DbOrTx, userId: string): Promise<void> {
  await tx.delete(traineeProfiles).where(eq(traineeProfiles.userId, userId));
  await tx.update(traineeTransfers).set({ reason: null }).where(eq(traineeTransfers.userId, userId));
}
