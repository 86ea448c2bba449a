import type { CertificateRecord } from "#db/schema";

export type { CertificateRecord };

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
