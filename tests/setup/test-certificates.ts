import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificates, users } from "#db/schema";
import { issueCertificate, reissueCertificate, revokeCertificate } from "~/modules/certificates/index.server";
import { actorFor, makeOrganization, makeRegion, makeUser } from "./factories";

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
  return { ...(await certificateRow(d, certificateId)), holder, center, region };
}

async function certificateRow(d: DbOrTx, id: string) {
  const [row] = await d.select().from(certificates).where(eq(certificates.id, id));
  return row!;
}

async function platformAdmin(d: DbOrTx) {
  return actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
}

/** Revoked by a platform admin, as the certification body does. */
export async function revokeTestCertificate(d: DbOrTx, id: string, reason: string, at = new Date()) {
  const revoked = await revokeCertificate(d, await platformAdmin(d), id, reason, at);
  if (!revoked.ok) throw new Error(revoked.message);
}

/** Re-issued by a platform admin: a new certificate supersedes the old one. Returns the new one. */
export async function reissueTestCertificate(d: DbOrTx, id: string, at = new Date()) {
  const reissued = await reissueCertificate(d, await platformAdmin(d), id, at);
  if (!reissued.ok) throw new Error(reissued.message);
  return certificateRow(d, reissued.certificateId);
}
