// The certificates area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { ISSUER_NAME } from "./badge.server";
export { cohortCertificates } from "./cohort.server";
export { certificateBadge, certificatePdf, revocationStatusList, verifyUrlOf } from "./credentials.server";
export { certificateEligibility, type Requirement, type RequirementId } from "./eligibility.server";
export { currentCertificate, currentCertificateId, validCertificate, validCertificateLevels, validLevelsQuery } from "./held.server";
export { issueCertificate, issueCertificatesInBulk } from "./issuance.server";
export { generateSigningKeyPem, type PublicJwk, rotateKeyFile, verifyRecord } from "./keys.server";
export { certificateByCodeOrSerial, type CertificateLookupRow, certificatesByCodesOrSerials, publicKeyOf } from "./lookup.server";
export { pdfRenderer } from "./pdf-pool.server";
export { renderCertificatesZip } from "./pdf.server";
export { qrPngDataUrl } from "./qr.server";
export { certificateForViewer, certificatesOf, continuingEducationOf, recordContinuingEducation, reissueCertificate, renewalProgress, renewCertificate, revokeCertificate, searchCertificates, sendExpiryReminders } from "./service.server";
export { activeSigningKey, publishedJwks } from "./signing.server";
export { heldLevelsOf, heldLevelsOfMany } from "./held-levels.server";
