import { z } from "zod";
import { parseCaseForm } from "./case-input";

/**
 * The case form (field `amount` in yuan) as one schema for Conform's parseWithZod: exactly parseCaseForm's
 * checks, each problem reported on its field, so the page answers with field errors like every other form.
 */
export function caseFormSchema(today: string) {
  return z.record(z.unknown()).transform((form, ctx) => {
    const parsed = parseCaseForm(form, today);
    if (parsed.ok) return parsed.input;
    for (const [field, message] of Object.entries(parsed.errors))
      ctx.addIssue({ code: "custom", path: [field], message });
    return z.NEVER;
  });
}
