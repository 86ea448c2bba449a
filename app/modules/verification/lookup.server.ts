import type { DbOrTx } from "#db/client";
import {
  certificateByCodeOrSerial,
  certificatesByCodesOrSerials,
  type CertificateLookupRow,
  publicKeyOf,
  verifyRecord,
} from "~/modules/certificates/index.server";
import {
  certificateStatus,
  type CertificateStatus,
  groupCode,
  maskName,
  normalizeCode,
  parseSerial,
} from "~/modules/certificates";
import { raiseIntegrityAlertSafely } from "./integrity.server";

/** What someone typed or scanned, understood as a verification code or a serial. */
export type VerificationQuery = { kind: "code"; code: string } | { kind: "serial"; serial: string };

/** Longer input is neither a code nor a serial; refused before any work. */
export const MAX_QUERY_LENGTH = 64;

/**
 * Reads a code ("7K3M9QX2PD", "7k3m9-qx2pd", "7K3M9 QX2PD") or a serial ("tma-2026-sx-j-00042",
 * "TMA 2026 SX J 00042"); null when it is neither.
 */
export function parseVerificationQuery(input: string): VerificationQuery | null {
  const text = input.normalize("NFKC").trim();
  if (!text || text.length > MAX_QUERY_LENGTH) return null;
  // Serials are read with any dash or space between their parts, as people retype them from paper.
  const serial = parseSerial(text.replace(/[\s\-‐‑‒–—_]+/g, "-"));
  if (serial) return { kind: "serial", serial: serial.serial };
  const code = normalizeCode(text);
  return code ? { kind: "code", code } : null;
}

/** The query's canonical spelling: what URLs and the verification log carry. */
export function queryText(query: VerificationQuery): string {
  return query.kind === "code" ? query.code : query.serial;
}

/**
 * What a verifier is told: the certificate's own status, or `invalid` when its stored record no longer matches
 * its signature (altered in the database) — whatever else is true of it, it is not to be trusted.
 */
export type VerificationStatus = CertificateStatus | "invalid";

/** What anyone may learn about a certificate: the page, the API and the bulk check all show this. */
export interface PublicCertificate {
  serial: string;
  /**
   * Grouped for reading: "7K3M9-QX2PD". null when the certificate was looked up by its serial: serials are
   * sequential and printed in lists, the code is what the holder hands out (docs/verification.md).
   */
  code: string | null;
  levelSlug: string;
  levelNameZh: string;
  levelNameEn: string;
  centerNameZh: string;
  centerNameEn: string;
  regionCode: string;
  regionNameZh: string;
  regionNameEn: string;
  issuedOn: string;
  expiresOn: string | null;
  status: VerificationStatus;
  /** Set when revoked (whatever else happened). */
  revoked: { at: string; reason: string | null } | null;
  /** Set when a newer certificate took this one's place (`byCode` null for a look-up by serial). */
  superseded: { at: string; reason: "reissued" | "renewed" | null; byCode: string | null } | null;
  /** 张*芳 */
  holderNameMasked: string;
  /** The record's Ed25519 signature and whether it verifies against the published key `kid`. */
  signature: { alg: "EdDSA"; kid: string; value: string; verified: boolean };
}

/** A found certificate: its public view, plus what the server needs and never shows (id, full name). */
export interface FoundCertificate {
  id: string;
  holderName: string;
  view: PublicCertificate;
}

async function toFound(
  db: DbOrTx,
  row: CertificateLookupRow,
  now: Date,
  by: VerificationQuery["kind"],
): Promise<FoundCertificate> {
  const record = row.record;
  const key = await publicKeyOf(db, row.kid);
  const verified = key ? verifyRecord(key, record, row.signature) : false;
  if (!verified)
    await raiseIntegrityAlertSafely(db, {
      id: row.id,
      serial: record.serial,
      levelSlug: record.levelSlug,
      kid: row.kid,
    });
  // A serial can be guessed (they are sequential): its answer never leads to a code, this one's or a successor's.
  const byCode = by === "code";
  const view: PublicCertificate = {
    serial: record.serial,
    code: byCode ? groupCode(record.code) : null,
    levelSlug: record.levelSlug,
    levelNameZh: record.levelNameZh,
    levelNameEn: record.levelNameEn,
    centerNameZh: record.centerNameZh,
    centerNameEn: record.centerNameEn,
    regionCode: record.regionCode,
    regionNameZh: record.regionNameZh,
    regionNameEn: record.regionNameEn,
    issuedOn: record.issuedOn,
    expiresOn: record.expiresOn,
    status: verified ? certificateStatus(row, now) : "invalid",
    revoked: row.revokedAt ? { at: row.revokedAt.toISOString(), reason: row.revokedReason } : null,
    superseded: row.supersededAt
      ? {
          at: row.supersededAt.toISOString(),
          reason: row.supersedeReason === "reissued" || row.supersedeReason === "renewed" ? row.supersedeReason : null,
          byCode: byCode && row.successorCode ? groupCode(row.successorCode) : null,
        }
      : null,
    holderNameMasked: maskName(record.holderName),
    signature: { alg: "EdDSA", kid: row.kid, value: row.signature, verified },
  };
  return { id: row.id, holderName: record.holderName, view };
}

/** One certificate by code or serial, with its status at `now`; null when there is none. */
export async function findCertificate(
  db: DbOrTx,
  query: VerificationQuery,
  now = new Date(),
): Promise<FoundCertificate | null> {
  const row = await certificateByCodeOrSerial(db, {
    code: query.kind === "code" ? query.code : "",
    serial: query.kind === "serial" ? query.serial : "",
  });
  return row ? toFound(db, row, now, query.kind) : null;
}

// Bounded so that one statement stays far below PostgreSQL's 65,535 parameters.
const MANY_CHUNK = 2000;

/**
 * Many certificates at once (the bulk check), keyed by queryText. A few set queries instead of one
 * look-up per row. A certificate asked for by code and by serial gets each answer's own view.
 */
export async function findCertificates(
  db: DbOrTx,
  queries: VerificationQuery[],
  now = new Date(),
): Promise<Map<string, FoundCertificate>> {
  const codes = [...new Set(queries.flatMap((q) => (q.kind === "code" ? [q.code] : [])))];
  const serials = [...new Set(queries.flatMap((q) => (q.kind === "serial" ? [q.serial] : [])))];
  const found = new Map<string, FoundCertificate>();
  for (const [by, values] of [
    ["code", codes],
    ["serial", serials],
  ] as const) {
    for (let i = 0; i < values.length; i += MANY_CHUNK) {
      for (const row of await certificatesByCodesOrSerials(db, by, values.slice(i, i + MANY_CHUNK)))
        found.set(by === "code" ? row.record.code : row.record.serial, await toFound(db, row, now, by));
    }
  }
  return found;
}
