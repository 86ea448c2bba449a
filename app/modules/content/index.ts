// The content area's client-safe face: schemas, types and pure functions that components may use.
export { type Question, type QuestionPart } from "./question-schemas";
export { type ExamConfig, type LevelConfig } from "./schemas";
