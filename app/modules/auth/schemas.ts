import { z } from "zod";
import { supportedLanguages } from "~/i18n/config";
import { parseIdentifier } from "./identifier";

// Messages are catalog keys; the form shows them in the reader's language.
const required = "validation.required";

export const passwordSchema = z
  .string({ required_error: required })
  .min(8, "validation.password.tooShort")
  .max(128, "validation.password.tooLong");

export const identifierSchema = z
  .string({ required_error: required })
  .max(254, "validation.identifier.invalid")
  .refine((v) => parseIdentifier(v) !== null, "validation.identifier.invalid");

export const nameSchema = z
  .string({ required_error: required })
  .trim()
  .min(1, required)
  .max(50, "validation.name.tooLong");

export const emailSchema = z
  .string({ required_error: required })
  .trim()
  .max(254, "validation.email.invalid")
  .email("validation.email.invalid");

export const loginSchema = z.object({
  identifier: z.string({ required_error: required }).max(254, "validation.identifier.invalid"),
  password: z.string({ required_error: required }).max(128, "validation.password.tooLong"),
  redirectTo: z.string().optional(),
});

export const signupSchema = z
  .object({
    name: nameSchema,
    identifier: identifierSchema,
    password: passwordSchema,
    confirmPassword: z.string({ required_error: required }),
    centerId: z.string().uuid("validation.center.unknown").optional(),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "validation.password.mismatch",
  });

export const forgotPasswordSchema = z.object({ identifier: identifierSchema });

export const resetPasswordSchema = z
  .object({ password: passwordSchema, confirmPassword: z.string({ required_error: required }) })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "validation.password.mismatch",
  });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: required }).max(128, "validation.password.tooLong"),
    newPassword: passwordSchema,
    confirmPassword: z.string({ required_error: required }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "validation.password.mismatch",
  });

export const languageSchema = z.object({
  language: z.enum(supportedLanguages, { errorMap: () => ({ message: "validation.language.invalid" }) }),
  redirectTo: z.string().optional(),
});

/** A code from the authenticator app (6 digits) or a recovery code (`xxxxx-xxxxx`); the server tells which. */
export const twoFactorCodeSchema = z.object({
  code: z
    .string({ required_error: "twoFactor.errors.required" })
    .trim()
    .min(1, "twoFactor.errors.required")
    .max(32, "twoFactor.errors.invalid"),
  redirectTo: z.string().optional(),
});
