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
  signOut,
  type SessionAccount,
  validateSessionToken,
  type ValidAccountSession,
} from "./session.server";
export { hashSecret, randomToken } from "./tokens.server";
export { lockAccount, namesOf, people, peopleAs, peopleByIds } from "./people.server";
export { accountsByContact, createAccounts, createPasswordTokens, type NewAccount } from "./bulk.server";
