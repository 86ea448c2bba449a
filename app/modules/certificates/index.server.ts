// The certificates area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { ISSUER_NAME } from "./badge.server";
export { cohortCertificates, issueForCohort } from "./cohort.server";
export { certificateBadge, certificatePdf, revocationStatusList, verifyUrlOf } from "./credentials.server";
export { certificateEligibility } from "./eligibility.server";
export { currentCertificateId, validCertificateLevels } from "./held.server";
export { issueCertificate, issueCertificatesInBulk, issueIfEligible, traineeCenterOf } from "./issuance.server";
export { generateSigningKeyPem, type PublicJwk, rotateKeyFile, verifyRecord } from "./keys.server";
export { pdfRenderer } from "./pdf-pool.server";
export { renderCertificatesZip } from "./pdf.server";
export { qrPngDataUrl } from "./qr.server";
export { certificateForViewer, certificatesOf, recordContinuingEducation, reissueCertificate, renewalProgress, renewCertificate, revokeCertificate, searchCertificates, sendExpiryReminders } from "./service.server";
export { activeSigningKey, publishedJwks } from "./signing.server";
