// The learning area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { answerSelfCheck, catalogOfLevel, centerTrainees, completeLesson, contentVersions, courseForLearner, courseProgressOf, enrol, heldLevelsOf, learnerOverview, loadLevels, openLesson, recordHeartbeat, recordPriorQualification, traineeDetailForStaff } from "./service.server";
