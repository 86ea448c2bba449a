// The exams area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { grantAccommodation } from "./accommodations.server";
export { closeExpiredAttempts, type GradedAttempt, submitAttempt } from "./close.server";
export { examBriefing } from "./briefing.server";
export { examEligibility, type Ineligible } from "./eligibility.server";
export { type FlagResult, setFlag } from "./flags.server";
export { examsOverview } from "./overview.server";
export { hasPassed } from "./results.server";
export { attemptReview } from "./review.server";
export { attemptForCandidate, attemptPageFor, saveAnswer, type SaveResult } from "./sitting.server";
export { startAttempt, type StartResult } from "./start.server";
export { gradeEssay, gradingQueue } from "./essay-grading.server";
export { examSessionsBetween } from "./week.server";
export { itemStatistics, itemStatsRows, liveItemStatistics } from "./item-stats.server";
export {
  foldGradedAttempts,
  ITEM_STATS_JOB,
  itemStatisticsFromSums,
  refreshItemStatistics,
  requestItemStatisticsRefresh,
  storedItemStatistics,
  type StoredItemStatistics,
} from "./item-stats-store.server";
export {
  cancelExamSession,
  listExamSessions,
  rescheduleExamSession,
  scheduleExamSession,
  type SessionChange,
} from "./sessions.server";
export { type SessionAudience, sessionAudience, sessionsOpeningBetween } from "./session-audience.server";
export { examOf, updateExamParameters } from "./settings.server";
export { sessionsOfCohort, sessionsOfMembersCohorts } from "./cohort-sessions.server";
export { examDataOf, forgetAccommodations } from "./personal-data.server";
export { ACCESS_CODE_MODES, type AccessCodeMode, setSessionAccess } from "./access.server";
export {
  attemptStatusFor,
  hashDeviceToken,
  purgeIntegrityEvents,
  recordIntegrityEvents,
  requestDeviceChange,
} from "./integrity.server";
export {
  approveDeviceRequest,
  consoleSignature,
  consoleSnapshot,
  type ConsoleSnapshot,
  endAttempt,
  extendAttempt,
  proctoredSession,
  sendProctorMessage,
  sessionAccessView,
} from "./proctor.server";
export { decideReview, flagAttempt, integrityRecord, type ReviewDecision } from "./integrity-review.server";
