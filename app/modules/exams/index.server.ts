// The exams area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { grantAccommodation } from "./accommodations.server";
export { attemptForCandidate, attemptReview, closeExpiredAttempts, examsOverview, saveAnswer, startAttempt, submitAttempt } from "./attempts.server";
export { gradeEssay, gradingQueue } from "./essay-grading.server";
export { itemStatistics, itemStatsRows } from "./item-stats.server";
export { cancelExamSession, listExamSessions, scheduleExamSession } from "./sessions.server";
export { examOf, updateExamParameters } from "./settings.server";
