// The enrolment area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { commitImport, dryRunImport, type FileFailure, type ImportSummary } from "./import.server";
export {
  createPasswordLink,
  type PasswordLinkRefusal,
  passwordLinkState,
  passwordLinkSubject,
  traineesWithoutPassword,
} from "./password-links.server";
export { centerRelationToTrainee, transferHistory, transferTargets, transferTrainee } from "./transfers.server";
export { eraseTraineeProfile, traineeDataOf } from "./personal-data.server";
