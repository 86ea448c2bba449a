// The cohorts area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { addCohortMembers, closeCohort, cohortDetail, cohortsOfTrainee, createCohort, listCohorts, removeCohortMember } from "./service.server";
