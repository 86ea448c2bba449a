import type { CertificateRecord } from "#db/schema";

export type { CertificateRecord };

/**
 * A certificate that is no one's, under these names: the branding preview shows it, and each render worker draws
 * it once at start so its fonts are loaded before real work comes.
 */
export function sampleRecord(names: Pick<CertificateRecord, "holderName" | "centerNameZh" | "centerNameEn">) {
  const record: CertificateRecord = {
    serial: "TMA-0000-XX-J-00000",
    code: "SAMP1E0000",
    levelSlug: "junior",
    levelNameZh: "初级技术经理人",
    levelNameEn: "Junior Technology Manager",
    regionCode: "XX",
    regionNameZh: "样本地区",
    regionNameEn: "Sample region",
    issuedOn: "2026-01-01",
    expiresOn: "2029-12-31",
    subjectHash: "",
    subjectSalt: "",
    ...names,
  };
  return record;
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

/** Payload v2 adds the frozen credential subject: its opaque id and the identity type of its hash. */
export const RECORD_FIELDS_V2 = [
  ...RECORD_FIELDS,
  "subjectId",
  "identityType",
] as const satisfies readonly (keyof CertificateRecord)[];

/** The layout a record was signed in: 2 when it carries the credential subject's id, else 1. */
export function recordVersion(record: CertificateRecord): 1 | 2 {
  return record.subjectId === undefined ? 1 : 2;
}

/** The record's own fields only, in a fresh plain object. */
export function pickRecordFields(record: CertificateRecord): CertificateRecord {
  const picked: Record<string, string | null | undefined> = {};
  for (const field of recordVersion(record) === 2 ? RECORD_FIELDS_V2 : RECORD_FIELDS) picked[field] = record[field];
  return picked as unknown as CertificateRecord;
}
