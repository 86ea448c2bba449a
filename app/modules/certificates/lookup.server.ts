import { eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { certificates, signingKeys } from "#db/schema";
import type { PublicJwk } from "./keys.server";
import type { CertificateRecord } from "./record";

/**
 * Certificates as the public verification reads them (by code or serial, one at a time or in bulk) and
 * the public keys that check their signatures. Verification owns the public view; this owns the rows.
 */

/** A certificate's row as verification needs it, with the code of the certificate that replaced it. */
export interface CertificateLookupRow {
  id: string;
  record: CertificateRecord;
  signature: string;
  kid: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  supersededAt: Date | null;
  supersedeReason: string | null;
  successorCode: string | null;
}

const successor = alias(certificates, "successor");

const lookupColumns = {
  id: certificates.id,
  record: certificates.record,
  signature: certificates.signature,
  kid: certificates.kid,
  expiresAt: certificates.expiresAt,
  revokedAt: certificates.revokedAt,
  revokedReason: certificates.revokedReason,
  supersededAt: certificates.supersededAt,
  supersedeReason: certificates.supersedeReason,
  successorCode: successor.code,
};

// The public page and the API run this on every request: prepared once per database handle, one
// round trip for the certificate and the code of the one that replaced it.
const lookup = preparedFor((db) =>
  db
    .select(lookupColumns)
    .from(certificates)
    .leftJoin(successor, eq(successor.id, certificates.supersededBy))
    .where(or(eq(certificates.code, sql.placeholder("code")), eq(certificates.serial, sql.placeholder("serial"))))
    .prepare("verification_certificate_lookup"),
);

/** The certificate with this code or this serial (pass "" for the one not asked), if any. */
export async function certificateByCodeOrSerial(
  db: DbOrTx,
  query: { code: string; serial: string },
): Promise<CertificateLookupRow | undefined> {
  const [row] = await lookup(db).execute(query);
  return row;
}

/** The certificates with these codes or serials: one set query each (the caller bounds the list's length). */
export async function certificatesByCodesOrSerials(
  db: DbOrTx,
  by: "code" | "serial",
  values: string[],
): Promise<CertificateLookupRow[]> {
  if (!values.length) return [];
  return db
    .select(lookupColumns)
    .from(certificates)
    .leftJoin(successor, eq(successor.id, certificates.supersededBy))
    .where(inArray(by === "code" ? certificates.code : certificates.serial, values));
}

// A kid names one key forever (it is the key's thumbprint), so its public half never changes.
const publicKeys = new Map<string, PublicJwk>();

/** The public key a certificate was signed with (kept once read), or null for an unknown kid. */
export async function publicKeyOf(db: DbOrTx, kid: string): Promise<PublicJwk | null> {
  const cached = publicKeys.get(kid);
  if (cached) return cached;
  const [row] = await db.select({ publicJwk: signingKeys.publicJwk }).from(signingKeys).where(eq(signingKeys.kid, kid));
  if (!row) return null;
  const jwk = row.publicJwk as PublicJwk;
  publicKeys.set(kid, jwk);
  return jwk;
}
