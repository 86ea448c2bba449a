import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificates, continuingEducation } from "#db/schema";

/** A person's certificates (the signed record as issued) and their continuing-education hours. */
export async function certificateDataOf(db: DbOrTx, userId: string) {
  const [issued, hours] = await Promise.all([
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
  ]);
  return {
    certificates: issued,
    continuingEducation: hours.map(({ userId: _u, ...rest }) => rest),
  };
}
