// The verification area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { createApiKey, listApiKeys, revokeApiKey } from "./api-keys.server";
export { answerVerificationApi, verificationApiAnswer, type VerificationApiRequest } from "./api.server";
export { openBulkResults, sealBulkResults } from "./bulk-results.server";
export {
  bulkCounts,
  type BulkFileError,
  type BulkResult,
  bulkResultTable,
  bulkRowsFrom,
  verifyBulk,
} from "./bulk.server";
export { checkSummary, flushCheckLog, recordCheck, recordCheckInBackground } from "./checks.server";
export { employerOrganization } from "./employer.server";
export {
  findCertificate,
  parseVerificationQuery,
  type PublicCertificate,
  queryText,
  type VerificationStatus,
} from "./lookup.server";
export {
  isVerificationPageData,
  keptVerificationPage,
  rememberVerificationPage,
  verificationPageData,
  verificationPageKey,
} from "./page-cache.server";
export { verificationLimits } from "./rate-limit.server";
export { openApiDocument, type OpenApiDocument } from "./openapi";
export type { VerificationApiAnswer } from "./api.server";
