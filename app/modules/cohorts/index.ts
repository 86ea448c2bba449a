// The cohorts area's client-safe face: pure functions and types that components may use.
export { COHORT_STATUSES, type CohortStatus, cohortStatus } from "./status";
export {
  maskMobile,
  parsePickerFilter,
  PICKER_FIELDS,
  PICKER_MAX_MATCHING,
  PICKER_PAGE_SIZE,
  type PickerFilter,
  type PickerPrefix,
} from "./picker";
export {
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  ATTENDED_STATUSES,
  CHECK_IN_OPENS_MINUTES_BEFORE,
  CHECK_IN_WINDOW_SECONDS,
  cancelClassroomSchema,
  classroomSessionsSchema,
  editClassroomSchema,
  markAttendanceSchema,
  minutesToHours,
  scheduleClassroomSchema,
} from "./classroom";
