// The enrolment area's client-safe face: schemas, types and pure functions that components may use.
export { actionText, fileFailureText, problemText, rowErrorText } from "./messages";
export { type ImportPlan } from "./plan";
export { dryRunReport, IMPORT_TEMPLATE_HEADERS } from "./report";
