import { z } from "zod";
import { parseAmountToFen } from "./amount";

/** The Civil Code's five technology contracts (民法典 第八百四十三条起). */
export const CONTRACT_TYPES = ["development", "transfer", "licence", "consulting", "service"] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

export const MIN_DESCRIPTION_CHARS = 50;
export const MAX_DESCRIPTION_CHARS = 10_000;

/** A calendar date that exists (2026-02-30 does not), not before 1950. */
export function isRealDate(value: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= "1950-01-01";
}

// Characters, not UTF-16 units: a Chinese write-up is counted as its reader counts it.
const charCount = (s: string) => [...s].length;
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => (v ? v : null));

const pastDate = (today: string, message: string) => (v: string, ctx: z.RefinementCtx) => {
  if (!isRealDate(v)) ctx.addIssue({ code: "custom", message });
  else if (v > today) ctx.addIssue({ code: "custom", message: "portfolio.errors.dateInFuture" });
};

/**
 * The case form, field by field (so every field's problem shows at once). Error messages are catalog
 * keys; `today` decides what counts as the future. The end-before-start rule is checked by parseCaseForm.
 */
export function caseInputSchema(today: string) {
  return z.object({
    title: z
      .string({ required_error: "portfolio.errors.title" })
      .trim()
      .min(1, "portfolio.errors.title")
      .max(200, "portfolio.errors.title"),
    contractType: z.enum(CONTRACT_TYPES, { errorMap: () => ({ message: "portfolio.errors.contractType" }) }),
    registrationNo: optionalText(64, "portfolio.errors.registrationNo").refine(
      (v) => v === null || /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(v),
      "portfolio.errors.registrationNo",
    ),
    amountFen: z
      .string({ required_error: "portfolio.errors.amountRequired" })
      .max(40, "portfolio.errors.amountInvalid")
      .transform((v, ctx) => {
        const amount = parseAmountToFen(v);
        if (amount.ok) return amount.fen;
        ctx.addIssue({ code: "custom", message: amount.error });
        return z.NEVER;
      }),
    role: z
      .string({ required_error: "portfolio.errors.role" })
      .trim()
      .min(1, "portfolio.errors.role")
      .max(200, "portfolio.errors.role"),
    startedOn: z
      .string({ required_error: "portfolio.errors.startedOn" })
      .superRefine(pastDate(today, "portfolio.errors.startedOn")),
    endedOn: optionalText(10, "portfolio.errors.endedOn").superRefine((v, ctx) => {
      if (v !== null) pastDate(today, "portfolio.errors.endedOn")(v, ctx);
    }),
    description: z
      .string({ required_error: "portfolio.errors.descriptionShort" })
      .trim()
      .refine((v) => charCount(v) >= MIN_DESCRIPTION_CHARS, "portfolio.errors.descriptionShort")
      .refine((v) => charCount(v) <= MAX_DESCRIPTION_CHARS, "portfolio.errors.descriptionLong"),
  });
}
export type CaseInput = z.output<ReturnType<typeof caseInputSchema>>;
export type CaseField =
  "title" | "contractType" | "registrationNo" | "amount" | "role" | "startedOn" | "endedOn" | "description";
export type CaseFormErrors = Partial<Record<CaseField, string>>;

/** Reads the case form (field `amount` in yuan); on failure, one message per field, as catalog keys. */
export function parseCaseForm(
  form: Record<string, unknown>,
  today: string,
): { ok: true; input: CaseInput } | { ok: false; errors: CaseFormErrors } {
  const parsed = caseInputSchema(today).safeParse({ ...form, amountFen: form.amount });
  const errors: Record<string, string> = {};
  for (const issue of parsed.error?.issues ?? []) {
    const field = String(issue.path[0]);
    errors[field === "amountFen" ? "amount" : field] ??= issue.message;
  }
  const { startedOn, endedOn } = form;
  if (
    !errors.startedOn &&
    !errors.endedOn &&
    typeof endedOn === "string" &&
    endedOn &&
    typeof startedOn === "string" &&
    endedOn < startedOn
  )
    errors.endedOn = "portfolio.errors.endBeforeStart";
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}
