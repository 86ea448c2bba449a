// The portfolio area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export {
  addEvidence,
  createCase,
  deleteEvidence,
  evidenceForDownload,
  getOwnCase,
  isEditable,
  listOwnCases,
  updateCase,
  type UploadedFile,
} from "./cases.server";
export { portfolioProgress } from "./progress.server";
export {
  approveCase,
  type CenterRef,
  centerDefences,
  type DefenceInput,
  portfolioLevels,
  recordDefence,
  returnCase,
  reviewQueue,
} from "./review.server";
export { portfolioStanding } from "./standing.server";
export { erasePortfolio, portfolioDataOf } from "./personal-data.server";
