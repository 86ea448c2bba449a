import { z } from "zod";
import { isRealDate } from "./case-input";

/** Returning a case needs a comment that tells the trainee what to fix. */
export const returnCommentSchema = z
  .string({ required_error: "portfolio.errors.returnComment" })
  .trim()
  .min(1, "portfolio.errors.returnComment")
  .max(2000, "portfolio.errors.commentLong");

/** The defence form; `today` (China Standard Time) is the latest day a defence can have been held. */
export function defenceInputSchema(today: string) {
  return z.object({
    userId: z.string({ required_error: "portfolio.errors.defenceTrainee" }).uuid("portfolio.errors.defenceTrainee"),
    levelSlug: z
      .string({ required_error: "portfolio.errors.defenceLevel" })
      .min(1, "portfolio.errors.defenceLevel")
      .max(32, "portfolio.errors.defenceLevel"),
    result: z.enum(["passed", "failed"], { errorMap: () => ({ message: "portfolio.errors.defenceResult" }) }),
    heldOn: z
      .string({ required_error: "portfolio.errors.heldOn" })
      .refine(isRealDate, "portfolio.errors.heldOn")
      .refine((v) => v <= today, "portfolio.errors.dateInFuture"),
    panel: z
      .string()
      .trim()
      .max(500, "portfolio.errors.panelLong")
      .optional()
      .transform((v) => (v ? v : null)),
    comment: z
      .string({ required_error: "portfolio.errors.defenceComment" })
      .trim()
      .min(1, "portfolio.errors.defenceComment")
      .max(2000, "portfolio.errors.commentLong"),
  });
}
export type DefenceFormErrors = Partial<
  Record<"userId" | "levelSlug" | "result" | "heldOn" | "panel" | "comment", string>
>;
