import { z } from "zod";

/** A trainee picker's filters, as GET parameters (p_q, p_cohort, p_level, p_page) so a search is a link. */
export interface PickerFilter {
  q?: string;
  cohortId?: string;
  level?: string;
  page: number;
}

export const PICKER_PAGE_SIZE = 20;
/** "Select all matching" adds at most this many people at once (the forms' own limit). */
export const PICKER_MAX_MATCHING = 2000;

const filterSchema = z.object({
  p_q: z.string().trim().max(50).optional().catch(undefined),
  p_cohort: z.string().uuid().optional().catch(undefined),
  p_level: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/)
    .optional()
    .catch(undefined),
  p_page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

/**
 * The picker's field names start with a prefix, so that two pickers on one page (the cohort page's "add members"
 * and "issue to") keep their own search in the same URL.
 */
export type PickerPrefix = "p_" | "i_";
export const PICKER_FIELDS = ["all", "q", "cohort", "level", "page"] as const;

/** Reads the picker's filters from a URL's or a form's fields; anything malformed is ignored. */
export function parsePickerFilter(params: URLSearchParams | FormData, prefix: PickerPrefix = "p_"): PickerFilter {
  const get = (k: string) => {
    const v = params.get(`${prefix}${k}`);
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const parsed = filterSchema.parse({
    p_q: get("q"),
    p_cohort: get("cohort"),
    p_level: get("level"),
    p_page: get("page") ?? 1,
  });
  return { q: parsed.p_q || undefined, cohortId: parsed.p_cohort, level: parsed.p_level, page: parsed.p_page };
}

/** 13812348000 → 138****8000: enough to tell two 王芳 apart, not enough to call them. */
export function maskMobile(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone.replace(/\d(?=\d{2})/g, "*");
}
