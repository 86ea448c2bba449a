// The certificates area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { ISSUER_NAME } from "./badge.server";
export {
  achievementBadgePng,
  achievementBadgeSvg,
  achievementJsonLd,
  achievementOf,
  type AchievementFacts,
} from "./achievement.server";
export type { CertificateStatus } from "./status";
export { cohortCertificates, countCurrentCertificates } from "./cohort.server";
export {
  certificateBadge,
  certificateBadgeWithProof,
  certificatePdf,
  downloadRefusal,
  issuerProfile,
  revocationStatusList,
  revocationStatusListWithProof,
  verifyUrlOf,
} from "./credentials.server";
export { verifyBadgeProof } from "./data-integrity.server";
export { certificateEligibility, type Requirement, type RequirementId } from "./eligibility.server";
export {
  currentCertificate,
  currentCertificateId,
  validCertificate,
  validCertificateLevels,
  validLevelsQuery,
} from "./held.server";
export { issueCertificate, issueCertificatesInBulk } from "./issuance.server";
export { generateSigningKeyPem, type PublicJwk, rotateKeyFile, verifyRecord } from "./keys.server";
export {
  certificateByCodeOrSerial,
  type CertificateLookupRow,
  certificatesByCodesOrSerials,
  publicKeyOf,
} from "./lookup.server";
export { pdfRenderer } from "./pdf-pool.server";
export { renderCertificatesZip } from "./pdf.server";
export { qrPngDataUrl } from "./qr.server";
export {
  certificateForViewer,
  certificatesOf,
  continuingEducationOf,
  recordContinuingEducation,
  reissueCertificate,
  renewalProgress,
  renewCertificate,
  revokeCertificate,
  searchCertificates,
  sendExpiryReminders,
} from "./service.server";
export {
  activeCredentialKey,
  activeSigningKey,
  publishedJwks,
  publishedKeyByThumbprint,
  resetSigningKeyCache,
} from "./signing.server";
export { heldLevelsOf, heldLevelsOfMany } from "./held-levels.server";
export {
  brandImage,
  brandingOf,
  type BrandingState,
  holderFieldsOf,
  publishBranding,
  saveBrandingDraft,
} from "./branding.server";
export { issuerCertificatePem } from "./pdf-identity.server";
export { brandingPreviewPdf, signedCertificatePdf, signedZipEntries } from "./pdf-download.server";
export {
  CERTIFICATE_PDF_JOB,
  cohortZipEntries,
  cohortZipStatus,
  renderCertificatePdfs,
  startCohortZip,
  type ZipRunView,
  ZIP_RENDER_INLINE_MAX,
} from "./zip-job.server";
export { certificateDataOf } from "./personal-data.server";
export {
  decideHolderPhoto,
  eraseHolderIdentity,
  HOLDER_IDENTITY_PATH,
  holderIdentityOf,
  holderPhotoQueue,
  recordHolderIdNumber,
  removeHolderIdNumber,
  submitHolderPhoto,
} from "./holder.server";
