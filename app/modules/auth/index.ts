// The auth area's client-safe face: schemas, types and pure functions that components may use.
export { type Identifier, MOBILE_PATTERN, parseIdentifier } from "./identifier";
export {
  changePasswordSchema,
  emailSchema,
  forgotPasswordSchema,
  languageSchema,
  loginSchema,
  nameSchema,
  resetPasswordSchema,
  signupSchema,
  twoFactorCodeSchema,
} from "./schemas";
