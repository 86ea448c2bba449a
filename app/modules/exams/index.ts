// The exams area's client-safe face: schemas, types and pure functions that components may use.
// (The draw and the question's shown/key halves belong to content: content checks blueprints against the bank.)
export { gradePart, normalizeFillIn, type PartResponse } from "./grading";
export { shownPart, shownQuestion } from "./shown";
