// The cohorts area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export {
  addCohortMembers,
  closeCohort,
  cohortDetail,
  cohortsOfTrainee,
  createCohort,
  listCohorts,
  removeCohortMember,
} from "./service.server";
export {
  cohortForAdding,
  type CohortForAdding,
  cohortIdsOfMember,
  cohortMembersAmong,
  insertCohortMembers,
  openCohortsOfCenter,
  satInCohortOfCenter,
} from "./members.server";
export { cohortRoster } from "./roster.server";
export { cohortLevelAtCenter, cohortMemberIds, cohortNames, cohortSummary } from "./lookup.server";
export { matchingTraineeIds, pickerCohorts, pickTrainees, type PickerRow, type PickerScope } from "./picker.server";
export {
  attendanceSheet,
  attendedClassroomSeconds,
  attendedClassroomSecondsAt,
  cancelClassroomSession,
  classroomCourses,
  classroomSessionsOfCohort,
  classroomSessionsOfTrainee,
  editClassroomSession,
  markAttendance,
  requireClassroomManager,
  scheduleClassroomSession,
} from "./classroom.server";
export { checkIn, type CheckInRefusal, type CheckInResult, checkInDisplay } from "./check-in.server";
export { classroomSessionsBetween } from "./classroom-week.server";
export { cohortDataOf } from "./personal-data.server";
