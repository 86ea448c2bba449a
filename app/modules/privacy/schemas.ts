import { z } from "zod";
import { signupSchema } from "~/modules/auth";

/** Sign-up's and the consent page's box: must be ticked. */
export const consentField = z.literal("on", { errorMap: () => ({ message: "privacy.consentRequired" }) });

export const consentSchema = z.object({ consent: consentField });

export const deletionRequestSchema = z.object({
  intent: z.literal("request-deletion"),
  reason: z
    .string({ required_error: "privacy.reasonRequired" })
    .trim()
    .min(1, "privacy.reasonRequired")
    .max(1000, "privacy.reasonTooLong"),
});

export const decideRequestSchema = z.object({
  requestId: z.string().uuid("privacy.unknownRequest"),
  decision: z.enum(["complete", "refuse"], { errorMap: () => ({ message: "errors.invalid" }) }),
  note: z.string().trim().max(1000, "privacy.noteTooLong").optional(),
});

/** The sign-up form with the privacy notice's box. */
export const signupWithConsentSchema = signupSchema.and(z.object({ consent: consentField }));
