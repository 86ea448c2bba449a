// The orgs area's client-safe face: schemas, types and pure functions that components may use.
export {
  addContentStaffSchema,
  addStaffSchema,
  CONTENT_ROLES,
  auditFilterSchema,
  createOrganizationSchema,
  createRegionSchema,
} from "./schemas";
