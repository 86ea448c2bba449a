import type { CertificateRecord } from "~/modules/certificates";

/** A complete, realistic record for tests; override what a test is about. */
export function sampleRecord(overrides: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    serial: "TMA-2026-SX-J-00042",
    code: "7K3M9QX2PD",
    holderName: "张晓芳",
    levelSlug: "junior",
    levelNameZh: "初级技术经理人",
    levelNameEn: "Junior Technology Manager",
    centerNameZh: "山西省技术转移培训中心",
    centerNameEn: "Shanxi Technology Transfer Training Center",
    regionCode: "SX",
    regionNameZh: "山西（太原）",
    regionNameEn: "Shanxi (Taiyuan)",
    issuedOn: "2026-11-27",
    expiresOn: "2029-11-26",
    subjectHash: "sha256$5d41402abc4b2a76b9719d911017c592a9b4b2cd0f1f5d4b3a2e1c0b9a8f7e6d",
    subjectSalt: "0123456789abcdef0123456789abcdef",
    ...overrides,
  };
}
