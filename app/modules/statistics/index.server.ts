// The statistics area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { centerDashboard, regionDashboard } from "./dashboards.server";
export {
  centerExport,
  type ExportTable,
  platformExport,
  regionExport,
  regionsByLevel,
  type Words,
} from "./exports.server";
export { liveFacts, totalsByLevel } from "./facts.server";
export { type KeyFigures, keyFigures } from "./key-figures.server";
export { platformStatistics, statisticsPlaces } from "./platform.server";
export { CERT_STATUSES, EXAM_STATUSES } from "./progress-sql.server";
export { refreshStatistics } from "./summary.server";
