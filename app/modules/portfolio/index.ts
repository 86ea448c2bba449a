// The portfolio area's client-safe face: schemas, types and pure functions that components may use.
export { fenToYuanText, formatYuan } from "./amount";
export { type CaseField, type CaseFormErrors, CONTRACT_TYPES, parseCaseForm } from "./case-input";
export { attachmentDisposition, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_PER_CASE } from "./evidence-type";
export { type DefenceFormErrors, defenceInputSchema, returnCommentSchema } from "./review-input";
export { caseFormSchema } from "./case-form";
