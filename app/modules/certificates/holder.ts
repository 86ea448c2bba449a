// Client-safe: the holder's photo and ID-card number on certificates (issue 12, point 6): limits, forms, states.
import { z } from "zod";
import type { BrandImage } from "./branding";

/** A 1-inch ID photo (25 × 35 mm) needs far less; a larger file only makes every PDF heavier. */
export const MAX_HOLDER_PHOTO_BYTES = 512 * 1024;
export const MAX_HOLDER_PHOTO_SIDE = 1600;
/** Narrower than this prints blurred at 25 mm. */
export const MIN_HOLDER_PHOTO_WIDTH = 200;
export const HOLDER_PHOTO_RETURN_REASON_MAX = 200;

export type HolderPhotoStatus = "pending" | "approved" | "returned";

/** The certification body's switches: what certificates carry of their holder. Both off by default. */
export interface HolderFields {
  photo: boolean;
  idNumber: boolean;
}
export const NO_HOLDER_FIELDS: HolderFields = { photo: false, idNumber: false };

/** The trainee's ID-card number form: the whole number is checked on the server and only its mask is kept. */
export const holderIdNumberSchema = z.object({
  intent: z.literal("id-number"),
  idNumber: z.string({ required_error: "holderIdentity.errors.format" }).trim().max(40, "holderIdentity.errors.format"),
});

/** A staff member's decision on a pending photo; a return needs a reason the trainee will read. */
export const holderPhotoDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), photoId: z.string().uuid() }),
  z.object({
    intent: z.literal("return"),
    photoId: z.string().uuid(),
    reason: z
      .string({ required_error: "holderIdentity.errors.reasonRequired" })
      .trim()
      .min(1, "holderIdentity.errors.reasonRequired")
      .max(HOLDER_PHOTO_RETURN_REASON_MAX, "holderIdentity.errors.reasonTooLong"),
  }),
]);

/** What a certificate's PDF prints of its holder: frozen facts, each only while the body's switch is on. */
export interface HolderPrint {
  photo?: BrandImage | null;
  idNumberMasked?: string | null;
  /** The design preview: a placeholder where the photo goes. */
  samplePhoto?: boolean;
}
