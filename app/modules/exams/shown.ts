import type { PartContent, QuestionContent } from "~/modules/content";

/** Options as the candidate sees them: reordered by the attempt's frozen option order. */
export function shownPart(part: PartContent, order: readonly number[]): PartContent {
  return "options" in part ? { ...part, options: order.map((i) => part.options[i]!) } : part;
}

/**
 * A question as the attempt shows it: the version's content (the same for every candidate) with each part's options
 * in this attempt's order. The server builds the page's questions with it, and so does the page from the version
 * content it is sent once with the draw (docs/performance.md, session 8).
 */
export function shownQuestion(content: QuestionContent, optionOrders: readonly (readonly number[])[]): QuestionContent {
  return content.type === "case"
    ? { ...content, parts: content.parts.map((p, j) => shownPart(p, optionOrders[j] ?? [])) }
    : shownPart(content, optionOrders[0] ?? []);
}
