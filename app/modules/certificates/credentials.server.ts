import { isNotNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificates } from "#db/schema";
import { peopleByIds } from "~/modules/auth/index.server";
import { publicUrl } from "~/utils/env.server";
import { issueBadgeJwt, issueStatusListJwt } from "./badge.server";
import { renderCertificatePdf } from "./pdf.server";
import type { CertificateRecord } from "./record";
import { activeSigningKey } from "./signing.server";
import { identityTypeOf } from "./subject";

/** Where a certificate's QR code and badge point: PUBLIC_URL + /verify/<code>. */
export const verifyUrlOf = (code: string) => `${publicUrl()}/verify/${code}`;

/** The PDF of a certificate, drawn from its frozen record (never from the live profile). */
export function certificatePdf(record: CertificateRecord, language: "zh" | "en" = "zh") {
  return renderCertificatePdf(record, { verifyUrl: verifyUrlOf(record.code), language });
}

/** The certificate as a signed OpenBadgeCredential (VC-JWT), its status in the served status list. */
export async function certificateBadge(db: DbOrTx, certificate: { userId: string; record: CertificateRecord; statusIndex: number }, now = new Date()) {
  const [holder] = await peopleByIds(db, [certificate.userId]);
  return issueBadgeJwt({
    record: certificate.record,
    key: await activeSigningKey(db),
    publicUrl: publicUrl(),
    statusListIndex: certificate.statusIndex,
    identityType: identityTypeOf(holder?.email ?? holder?.phone ?? ""),
    issuedAt: now,
  });
}

/** The signed Bitstring Status List credential: a revoked certificate's bit is set. */
export async function revocationStatusList(db: DbOrTx, now = new Date()) {
  const revoked = await db.select({ index: certificates.statusIndex }).from(certificates).where(isNotNull(certificates.revokedAt));
  return issueStatusListJwt({ key: await activeSigningKey(db), publicUrl: publicUrl(), revokedIndexes: revoked.map((r) => r.index), issuedAt: now });
}
