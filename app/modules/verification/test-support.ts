import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificates, users } from "#db/schema";
import { issueCertificate } from "~/modules/certificates/issuance.server";
import { makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";

/**
 * A certificate issued the real way (signed with the active key) to a new trainee of a new center.
 * Tests of verification need certificates in every state; the level rules are not what they test.
 */
export async function issueTestCertificate(
  d: DbOrTx,
  options: { holderName?: string; levelSlug?: string; issuedAt?: Date } = {},
) {
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const holder = await makeUser(d, { role: "trainee", organizationId: center.id });
  if (options.holderName) await d.update(users).set({ name: options.holderName }).where(eq(users.id, holder.id));
  const { certificateId } = await issueCertificate(d, {
    userId: holder.id,
    levelSlug: options.levelSlug ?? "junior",
    centerId: center.id,
    issuedAt: options.issuedAt ?? new Date(),
    issuedBy: null,
  });
  const [row] = await d.select().from(certificates).where(eq(certificates.id, certificateId));
  return { ...row!, holder, center, region };
}

/** Marks a certificate revoked, as the certification body's revocation does. */
export async function revokeTestCertificate(d: DbOrTx, id: string, reason: string, at = new Date()) {
  await d.update(certificates).set({ revokedAt: at, revokedReason: reason }).where(eq(certificates.id, id));
}

/** Replaces a certificate by a new one for the same person and level, as a renewal does. */
export async function supersedeTestCertificate(d: DbOrTx, old: { id: string; userId: string; levelSlug: string; centerId: string | null }, reason: "renewed" | "reissued", at = new Date()) {
  await d.update(certificates).set({ supersededAt: at, supersedeReason: reason }).where(eq(certificates.id, old.id));
  const { certificateId } = await issueCertificate(d, { userId: old.userId, levelSlug: old.levelSlug, centerId: old.centerId, issuedAt: at, issuedBy: null });
  await d.update(certificates).set({ supersededBy: certificateId }).where(eq(certificates.id, old.id));
  const [row] = await d.select().from(certificates).where(eq(certificates.id, certificateId));
  return row!;
}
