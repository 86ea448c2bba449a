import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificates, continuingEducation } from "#db/schema";
import { holderIdentityDataOf } from "./holder.server";

/**
 * A person's certificates (the signed record as issued), their continuing-education hours, and their photo's
 * state and masked ID-card number for certificates.
 */
export async function certificateDataOf(db: DbOrTx, userId: string) {
  const [issued, hours, holderIdentity] = await Promise.all([
    db
      .select({
        serial: certificates.serial,
        code: certificates.code,
        levelSlug: certificates.levelSlug,
        record: certificates.record,
        issuedAt: certificates.issuedAt,
        expiresAt: certificates.expiresAt,
      })
      .from(certificates)
      .where(eq(certificates.userId, userId)),
    db.select().from(continuingEducation).where(eq(continuingEducation.userId, userId)),
    holderIdentityDataOf(db, userId),
  ]);
  return {
    certificates: issued,
    continuingEducation: hours.map(({ userId: _u, ...rest }) => rest),
    holderIdentity,
  };
}
