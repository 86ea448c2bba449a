// The learning area's client-safe face: schemas, types and pure functions that components may use.
export {
  countedClassroomSeconds,
  isCourseComplete,
  type LevelStatus,
  levelStatuses,
  percent,
  studyTotals,
} from "./level-status";
export { type CompletionBlocker, completionBlockers } from "./completion-rule";
