// The auth area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { changePassword, createPasswordToken, endOpenPasswordLinks, type FieldFailure, findPasswordToken, openPasswordLinksOf, passwordTokenExpiry, requestPasswordReset, resetPassword, setUserLanguage, signIn, signUpTrainee } from "./accounts.server";
export { hashPassword } from "./password.server";
export { can, homePlaces, isPlatformAdmin, requirePermission } from "./permissions.server";
export { createSession, invalidateSession, type SessionUser, validateSessionToken, type ValidSession } from "./session.server";
export { hashSecret, randomToken } from "./tokens.server";
