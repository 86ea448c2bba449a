// The orgs area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export {
  addStaffMember,
  centerMemberIds,
  centerPeople,
  createOrganization,
  createRegion,
  getOrganization,
  getRegion,
  listRegionAdmins,
  listRegions,
  listStaff,
  listTrainingCenters,
  listVisibleOrganizations,
  type StaffRole,
} from "./service.server";
export {
  centerTraineesOf,
  countCenterTrainees,
  enrolTraineesAtCenter,
  hasRoleOtherThanTrainee,
  isTraineeOfCenter,
  listCenterTrainees,
  moveTraineeRole,
  traineeCenterOf,
  traineeCentersOf,
  traineeIdsOfCenter,
  traineeRolesOf,
} from "./trainees.server";
export { platformAdminIds } from "./platform-admins.server";
export { type GradingOptions, gradingOptionsOf, updateGradingOptions } from "./grading-options.server";
export { findTrainingCenter, listTrainingCenterRefs, organizationsAs, regionsAs } from "./places.server";
export {
  can,
  homePlaces,
  isPlatformAdmin,
  type Membership,
  needsSecondFactor,
  type Permission,
  requirePermission,
  type Scope,
} from "./permissions.server";
export { membershipsOf, type SessionUser, validateSession, type ValidSession } from "./session.server";
export { signUpTrainee } from "./signup.server";
export { listAuditWithNames } from "./audit-log.server";
export { traineeOfOwnerSql } from "./elective-scope.server";
export { dropStaffRoles, membershipsDataOf } from "./personal-data.server";
