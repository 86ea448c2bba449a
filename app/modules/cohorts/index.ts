// The cohorts area's client-safe face: pure functions and types that components may use.
export { COHORT_STATUSES, type CohortStatus, cohortStatus } from "./status";
export { maskMobile, parsePickerFilter, PICKER_MAX_MATCHING, PICKER_PAGE_SIZE, type PickerFilter } from "./picker";
