// The content area's client-safe face: schemas, types and pure functions that components may use.
export { type Question, type QuestionPart } from "./question-schemas";
export { type ExamConfig, type LevelConfig } from "./schemas";
export { type BankEntry, cryptoRandom, drawExam, type DrawnItem, type DrawResult, seededRandom } from "./draw";
export { type PartContent, type PartKey, type QuestionContent, type QuestionKey, splitQuestion } from "./question-parts";
