// The audit area's client-safe face: pure functions and types that components may use.
export { auditChanges, type FieldChange } from "./diff";
