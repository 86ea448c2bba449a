// The content area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { formatProblem, loadContent } from "./files.server";
export { syncContent } from "./sync.server";
export { catalogOfLevel, contentVersions, courseLessonCounts, currentLessons, findLiveCourse, lessonCourses, lessonPageReads, levelConfigOf, type LevelsConfig, liveCourseIds, liveCourses, loadLevels } from "./catalog.server";
export { currentQuestionsSql, drawPool, keyedVersions, shownVersions, versionPointsSql } from "./bank.server";
