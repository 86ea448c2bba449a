/**
 * What a certificate says, frozen at issue: the PDF, the signature and the badge are all made from
 * this record alone, so a later change of a name or a center never alters an issued certificate.
 */
export interface CertificateRecord {
  /** e.g. "TMA-2026-SX-J-00042" (see serial.ts) */
  serial: string;
  /** Verification code in canonical form: Crockford base32, no separators, upper case. */
  code: string;
  holderName: string;
  /** "junior" | "intermediate" | "senior" (any string) */
  levelSlug: string;
  levelNameZh: string;
  levelNameEn: string;
  centerNameZh: string;
  centerNameEn: string;
  regionCode: string;
  regionNameZh: string;
  regionNameEn: string;
  /** "2026-11-27", the date in Asia/Shanghai */
  issuedOn: string;
  /** "2029-11-26", or null when the certificate does not expire */
  expiresOn: string | null;
  /** "sha256$<hex>": salted hash of the holder's e-mail or mobile number (see subject.ts) */
  subjectHash: string;
  /** The salt (hex) used for subjectHash. */
  subjectSalt: string;
}

/**
 * Every field, in one list: the signed payload is built from exactly these, so an object that
 * carries extra properties signs the same as the record itself.
 */
export const RECORD_FIELDS = [
  "serial",
  "code",
  "holderName",
  "levelSlug",
  "levelNameZh",
  "levelNameEn",
  "centerNameZh",
  "centerNameEn",
  "regionCode",
  "regionNameZh",
  "regionNameEn",
  "issuedOn",
  "expiresOn",
  "subjectHash",
  "subjectSalt",
] as const satisfies readonly (keyof CertificateRecord)[];

/** The record's own fields only, in a fresh plain object. */
export function pickRecordFields(record: CertificateRecord): CertificateRecord {
  const picked: Record<string, string | null> = {};
  for (const field of RECORD_FIELDS) picked[field] = record[field];
  return picked as unknown as CertificateRecord;
}
