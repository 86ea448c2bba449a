// The audit area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export {
  type AuditFilter,
  listAudit,
  listAuditActions,
  listAuditTargetTypes,
  recordAudit,
  recordAudits,
} from "./service.server";
export { auditEntriesAbout } from "./personal-data.server";
