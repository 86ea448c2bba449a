// The orgs area's client-safe face: schemas, types and pure functions that components may use.
export { addStaffSchema, auditFilterSchema, createOrganizationSchema, createRegionSchema } from "./schemas";
