// The content area's client-safe face: schemas, types and pure functions that components may use.
export { type Question, type QuestionPart } from "./question-schemas";
export { type ExamConfig, type LessonCompletionRule, type LevelConfig } from "./schemas";
export { type BankEntry, cryptoRandom, drawExam, type DrawnItem, type DrawResult, seededRandom } from "./draw";
export { type PartContent, type PartKey, type QuestionContent, type QuestionKey, splitQuestion } from "./question-parts";
export { DUPLICATE_THRESHOLD, fieldsToQuestion, normalizeStem, OPTION_LETTERS, type ParsedQuestion, parseQuestion, type QuestionFields, type QuestionProblem, questionToFields, stemOf, stemSimilarity } from "./question-input";
export { QUESTION_TYPES, type QuestionType } from "./question-schemas";
export { type DiffRow, sideBySide } from "./diff-view";
export { changeActionSchema, formToFields, questionFormSchema, type QuestionFormValues, questionSearchSchema, retireSchema } from "./authoring-schemas";
export { type ElectiveInput, electiveSchema } from "./elective-schema";
export { courseFormSchema, type CourseFormValues, lessonFormSchema, type LessonFormValues, levelFormSchema, type LevelFormValues, linesOf } from "./curriculum-forms";
export { SYLLABUS_MODULES } from "./schemas";
export { DEFAULT_INTEGRITY_POLICY, INTEGRITY_EVENT_KINDS, type IntegrityEventKind, type IntegrityPolicy, integrityPolicySchema } from "./schemas";
export { type RubricCriterion, rubricCriteria } from "./rubric-criteria";
