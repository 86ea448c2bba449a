// The auth area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export {
  changePassword,
  createPasswordToken,
  endOpenPasswordLinks,
  type FieldFailure,
  findOrCreateAccountByEmail,
  findPasswordToken,
  openPasswordLinksOf,
  passwordTokenExpiry,
  requestPasswordReset,
  resetPassword,
  setUserLanguage,
  signIn,
  signUp,
} from "./accounts.server";
export { hashPassword } from "./password.server";
export {
  createSession,
  invalidateSession,
  SESSION_ACTIVITY_CHECK_MS,
  SESSION_INACTIVITY_MS,
  type SessionAccount,
  type SessionExtra,
  sessionValidatorWith,
  type SessionTwoFactor,
  signOut,
  validateSessionToken,
  type ValidAccountSession,
} from "./session.server";
export { hashSecret, randomToken } from "./tokens.server";
export { lockAccount, namesOf, people, peopleAs, peopleByIds } from "./people.server";
export { accountsByContact, createAccounts, createPasswordTokens, type NewAccount } from "./bulk.server";
export {
  beginTwoFactorEnrolment,
  cancelTwoFactorEnrolment,
  type CodeFailure,
  completeTwoFactorSignIn,
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  type Enrolment,
  pendingEnrolment,
  RECOVERY_CODE_COUNT,
  regenerateRecoveryCodes,
  TOTP,
  twoFactorStatus,
  type TwoFactorStatus,
} from "./two-factor.server";
export { accountDataOf, ERASED_NAME, eraseAccount, purgeAddressLogs } from "./personal-data.server";
