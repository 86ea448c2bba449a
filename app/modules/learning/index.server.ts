// The learning area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export {
  answerSelfCheck,
  completeLesson,
  type CompleteLessonResult,
  openLesson,
  recordHeartbeat,
} from "./lessons.server";
export {
  courseForLearner,
  courseProgressOf,
  courseProgressOfMany,
  enrol,
  type EnrolResult,
  type HeldLevels,
  learnerOverview,
  lastVisitedLesson,
  levelStatusOf,
} from "./path.server";
export { nextLessonIn, type NextLesson } from "./next-lesson.server";
export {
  priorLevelsQuery,
  priorQualificationLevels,
  type PriorQualificationResult,
  qualificationsOf,
  recordPriorQualification,
} from "./qualifications.server";
export { centerTrainees, type HeldLevelsOfMany, traineeDetailForStaff } from "./staff.server";
export { classroomSecondsOf, classroomSecondsOfMany, secondsStudiedInCourses } from "./study-time.server";
export { studyDataOf } from "./personal-data.server";
