import type { CertificateFacts } from "~/components/certificate-card";
import { type CertificateRecord, type CertificateStatus, groupCode } from "~/modules/certificates";

/** A certificate row as the card shows it (dates as strings; nothing but the frozen record and status). */
export function certificateFacts(c: {
  record: CertificateRecord;
  status: CertificateStatus;
  revokedAt: Date | null;
  revokedReason: string | null;
  supersededAt: Date | null;
  supersedeReason: string | null;
}): CertificateFacts {
  const r = c.record;
  return {
    serial: r.serial,
    groupedCode: groupCode(r.code),
    holderName: r.holderName,
    levelNameZh: r.levelNameZh,
    levelNameEn: r.levelNameEn,
    centerNameZh: r.centerNameZh,
    centerNameEn: r.centerNameEn,
    regionNameZh: r.regionNameZh,
    regionNameEn: r.regionNameEn,
    issuedOn: r.issuedOn,
    expiresOn: r.expiresOn,
    status: c.status,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revokedReason: c.revokedReason,
    supersededAt: c.supersededAt?.toISOString() ?? null,
    supersedeReason: c.supersedeReason,
  };
}
