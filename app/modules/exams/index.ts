// The exams area's client-safe face: schemas, types and pure functions that components may use.
export { drawExam, seededRandom } from "./draw";
export { type PartContent, type QuestionContent, splitQuestion } from "./question-parts";
