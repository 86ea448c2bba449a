import type { PartKey } from "~/modules/content";

/**
 * Fill-in answers are compared after normalizing what people type differently but mean the same:
 * full-width letters, digits and punctuation become half-width (NFKC), spaces go, case is ignored,
 * and a trailing full stop or percent-sign spacing does not matter.
 */
export function normalizeFillIn(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\s\u3000]+/g, "")
    .replace(/[。.]+$/u, "")
    .toLowerCase();
}

export type PartResponse = number | number[] | boolean | string | null | undefined;

/**
 * Points earned (in tenths) for an objective part, or null for an essay, which a person grades.
 *
 * Multiple choice, partial credit: any wrong option selected earns nothing; every correct option and no
 * wrong one earns full points; some correct options and no wrong one earn points in proportion to the
 * correct options chosen, rounded down to a tenth of a point.
 */
export function gradePart(key: PartKey, pointsTenths: number, response: PartResponse): number | null {
  switch (key.type) {
    case "single":
      return typeof response === "number" && response === key.answer ? pointsTenths : 0;
    case "true_false":
      return typeof response === "boolean" && response === key.answer ? pointsTenths : 0;
    case "fill_in": {
      if (typeof response !== "string" || !response.trim()) return 0;
      const given = normalizeFillIn(response);
      return key.answer.some((a) => normalizeFillIn(a) === given) ? pointsTenths : 0;
    }
    case "multiple": {
      if (!Array.isArray(response) || response.length === 0) return 0;
      const chosen = new Set(response);
      if ([...chosen].some((c) => !key.answer.includes(c))) return 0;
      return Math.floor((pointsTenths * chosen.size) / key.answer.length);
    }
    case "essay":
      return null;
  }
}
