import { and, eq, isNotNull, or } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificates } from "#db/schema";
import { peopleByIds } from "~/modules/auth/index.server";
import { publicUrl } from "~/utils/env.server";
import { issueBadgeJwt, issueStatusListJwt } from "./badge.server";
import { credentialKeyUrl } from "./credential-key.server";
import { issueBadgeWithProof, issuerDocument, issueStatusListWithProof } from "./data-integrity.server";
import type { PublicJwk } from "./keys.server";
import { renderCertificatePdf } from "./pdf.server";
import type { CertificateRecord } from "./record";
import { activeCredentialKey, activeSigningKey, publishedEd25519Keys } from "./signing.server";
import type { CertificateStatus } from "./status";
import { identityTypeOf, type IdentityType } from "./subject";

/** Where a certificate's QR code and badge point: PUBLIC_URL + /verify/<code>. */
export const verifyUrlOf = (code: string) => `${publicUrl()}/verify/${code}`;

/** The PDF of a certificate, drawn from its frozen record (never from the live profile). */
export function certificatePdf(record: CertificateRecord, language: "zh" | "en" = "zh") {
  return renderCertificatePdf(record, { verifyUrl: verifyUrlOf(record.code), language });
}

/**
 * Why a certificate's files may no longer be downloaded, or null: a revoked or superseded certificate
 * would otherwise leave with a fresh signature and no mark of its state (已撤销 / REVOKED).
 */
export function downloadRefusal(certificate: { status: CertificateStatus }): { status: 410; message: string } | null {
  if (certificate.status === "revoked")
    return {
      status: 410,
      message:
        "已撤销：此证书已被撤销，不再提供下载。\nREVOKED: this certificate has been revoked and can no longer be downloaded.\n",
    };
  if (certificate.status === "superseded")
    return {
      status: 410,
      message:
        "已被替代：此证书已由新证书替代，请下载新证书。\nSUPERSEDED: this certificate was replaced by a new one; download the new certificate instead.\n",
    };
  return null;
}

type BadgeCertificate = {
  id: string;
  userId: string;
  record: CertificateRecord;
  statusList: number;
  statusIndex: number;
};

/** What both forms of the badge say, whatever signs them. */
async function badgeFacts(db: DbOrTx, certificate: BadgeCertificate) {
  const { record } = certificate;
  // Records signed since payload v2 freeze the subject's id and identity type; older ones get both derived.
  let identityType = record.identityType as IdentityType | undefined;
  if (!identityType) {
    const [holder] = await peopleByIds(db, [certificate.userId]);
    identityType = identityTypeOf(holder?.email ?? holder?.phone ?? "");
  }
  return {
    record,
    publicUrl: publicUrl(),
    statusList: certificate.statusList,
    statusListIndex: certificate.statusIndex,
    identityType,
    subjectId: record.subjectId ?? `urn:uuid:${certificate.id}`,
  };
}

/** The certificate as a signed OpenBadgeCredential (VC-JWT, ES256), its status in the served status list. */
export async function certificateBadge(db: DbOrTx, certificate: BadgeCertificate, now = new Date()) {
  const key = await activeCredentialKey(db, now);
  return issueBadgeJwt({
    ...(await badgeFacts(db, certificate)),
    key,
    keyUrl: credentialKeyUrl(publicUrl(), key.thumbprint),
    issuedAt: now,
  });
}

/**
 * The same OpenBadgeCredential with an embedded Data Integrity proof (eddsa-rdfc-2022, the Ed25519
 * signing key as a verification method of /issuer): the form wallets read.
 */
export async function certificateBadgeWithProof(db: DbOrTx, certificate: BadgeCertificate, now = new Date()) {
  const signingKey = await activeSigningKey(db, now);
  return issueBadgeWithProof({ ...(await badgeFacts(db, certificate)), signingKey, issuedAt: now });
}

/** The issuer Profile served at /issuer, listing every Ed25519 key ever used as an assertion method. */
export async function issuerProfile(db: DbOrTx) {
  const keys = await publishedEd25519Keys(db);
  return issuerDocument(
    publicUrl(),
    keys.map((k) => ({ kid: k.kid, publicJwk: k.publicJwk as PublicJwk })),
  );
}

/**
 * The positions of a status list's revoked and superseded certificates (a replaced credential must fail,
 * not just a withdrawn one). Null for a list that does not exist.
 */
async function withdrawnIndexes(db: DbOrTx, list: number) {
  const inList = eq(certificates.statusList, list);
  const [exists] =
    list === 1 ? [true] : await db.select({ id: certificates.id }).from(certificates).where(inList).limit(1);
  if (!exists) return null;
  const withdrawn = await db
    .select({ index: certificates.statusIndex })
    .from(certificates)
    .where(and(inList, or(isNotNull(certificates.revokedAt), isNotNull(certificates.supersededAt))));
  return withdrawn.map((r) => r.index);
}

/** One signed Bitstring Status List credential (VC-JWT), or null for a list that does not exist. */
export async function revocationStatusList(db: DbOrTx, list: number, now = new Date()) {
  const revokedIndexes = await withdrawnIndexes(db, list);
  if (!revokedIndexes) return null;
  const key = await activeCredentialKey(db, now);
  return issueStatusListJwt({
    key,
    keyUrl: credentialKeyUrl(publicUrl(), key.thumbprint),
    publicUrl: publicUrl(),
    list,
    revokedIndexes,
    issuedAt: now,
  });
}

/** The same list with an embedded Data Integrity proof, for badges of that form; null when it does not exist. */
export async function revocationStatusListWithProof(db: DbOrTx, list: number, now = new Date()) {
  const revokedIndexes = await withdrawnIndexes(db, list);
  if (!revokedIndexes) return null;
  const signingKey = await activeSigningKey(db, now);
  return issueStatusListWithProof({ signingKey, publicUrl: publicUrl(), list, revokedIndexes, issuedAt: now });
}
