// The privacy area's client-safe face: the notice and the forms' schemas.
export {
  CURRENT_PRIVACY_VERSION,
  currentNotice,
  type NoticeSection,
  PRIVACY_NOTICES,
  type PrivacyNotice,
} from "./notice";
export {
  consentField,
  consentSchema,
  decideRequestSchema,
  deletionRequestSchema,
  signupWithConsentSchema,
} from "./schemas";
