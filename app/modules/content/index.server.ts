// The content area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { formatProblem, loadContent, MIN_POOL_MULTIPLE, poolMarginProblems } from "./files.server";
export { syncContent } from "./sync.server";
export { appendicesOfCourse, appendixDisposition, appendixDownload } from "./appendices.server";
export { requiredLessonMinutes, studyHoursProblems } from "./study-hours";
export { catalogOfLevel, contentVersions, courseLessonCounts, currentLessons, findLiveCourse, lessonCourses, lessonCompletionRuleOf, lessonPageReads, levelConfigOf, type LevelsConfig, liveCourseIds, liveCourses, loadLevels } from "./catalog.server";
export { currentQuestionsSql, drawPool, keyedVersions, shownVersions, versionPointsSql } from "./bank.server";
export { exportContent, publishedFiles, type ExportSummary } from "./export.server";
export { previewMarkdown, MAX_PREVIEW_CHARACTERS } from "./markdown.server";
export { LESSON_IMAGE_TYPES, MAX_LESSON_IMAGE_BYTES, readLessonImage, storeLessonImage } from "./images.server";
export { CHANGE_STATUSES, type ChangeFilter, type ChangeStatus, getChange, listChanges, publishChange, requireContentAccess, reviewChange, saveDraft, type SaveDraftInput, submitChange, withdrawChange } from "./changes.server";
export { type ChangeAction, type ChangeKind, type ChangeToApply } from "./change-kind";
export { CHANGE_KINDS, type ChangeKindName } from "./change-kinds.server";
export { likelyDuplicates, listQuestionTopics, QUESTION_PAGE_SIZE, questionForEditor, type QuestionSearch, questionVersionDiff, saveQuestionDraft, searchQuestions, duplicatesOfChange, draftFields, mayOpenEditor, questionLabels } from "./question-editor.server";
export { questionAtVersion, questionHash, type QuestionPayload } from "./question-changes.server";
export { mayWriteLessons, requireLessonWriter } from "./lesson-writers.server";
export { createElective, type ElectiveOwner, listElectives } from "./electives.server";
export { checkQuestionSheet, commitQuestionSheet, exportQuestionRows, QUESTION_SHEET_HEADERS, questionTemplateRows, type SheetPlan, type SheetProblem } from "./question-sheet.server";
