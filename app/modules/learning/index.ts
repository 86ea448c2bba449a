// The learning area's client-safe face: schemas, types and pure functions that components may use.
export { isCourseComplete, type LevelStatus, levelStatuses, percent } from "./level-status";
