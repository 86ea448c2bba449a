import type { LevelConfig } from "~/modules/content";

export interface CourseProgress {
  slug: string;
  levelSlug: string;
  lessonsTotal: number;
  lessonsCompleted: number;
  seconds: number;
  enrolled: boolean;
}

export interface LevelStatus {
  slug: string;
  /** Prerequisite levels this person does not hold yet (empty when the level is open). */
  missingPrerequisites: string[];
  locked: boolean;
  requiredCourses: string[];
  coursesCompleted: number;
  lessonsTotal: number;
  lessonsCompleted: number;
  /**
   * Study time in the level's required courses plus the classroom time that counts (`classroomSeconds`);
   * `hours` is it in tenths, rounded down.
   */
  seconds: number;
  /** Attended classroom time counted toward the level, within its levels.yaml `classroomHours` cap (0 if not counted). */
  classroomSeconds: number;
  hours: number;
  minHours: number;
  hoursMet: boolean;
  /** The level defines an exam (the exams issue fills this in). */
  hasExam: boolean;
  /** A valid certificate or a recorded equivalent qualification for this level. */
  held: boolean;
  /** Every requirement this platform can check today is met. */
  studyComplete: boolean;
}

export const isCourseComplete = (c: Pick<CourseProgress, "lessonsTotal" | "lessonsCompleted">) =>
  c.lessonsTotal > 0 && c.lessonsCompleted >= c.lessonsTotal;

/**
 * The classroom time that counts toward a level: none unless its levels.yaml `classroomHours.count` says so,
 * then what was attended up to the cap.
 */
export function countedClassroomSeconds(level: Pick<LevelConfig, "classroomHours">, attendedSeconds: number) {
  const rule = level.classroomHours;
  if (!rule?.count) return 0;
  return Math.min(Math.max(0, attendedSeconds), rule.cap === undefined ? Infinity : rule.cap * 3600);
}

/**
 * What each level requires of this person and how far they are, from server-side facts only.
 * Hours count every lesson of the level's required courses, retired lessons included, and the classroom
 * sessions attended in cohorts of the level (`classroom`: seconds per level slug) where the level counts them.
 */
export function levelStatuses(
  levels: LevelConfig[],
  progress: CourseProgress[],
  heldLevels: ReadonlySet<string>,
  classroom: ReadonlyMap<string, number> = new Map(),
): LevelStatus[] {
  return levels.map((level) => {
    const courses = level.requiredCourses.map(
      (slug) =>
        progress.find((p) => p.slug === slug) ?? {
          slug,
          levelSlug: level.slug,
          lessonsTotal: 0,
          lessonsCompleted: 0,
          seconds: 0,
          enrolled: false,
        },
    );
    const missingPrerequisites = level.prerequisites.map((p) => p.level).filter((slug) => !heldLevels.has(slug));
    const classroomSeconds = countedClassroomSeconds(level, classroom.get(level.slug) ?? 0);
    const seconds = courses.reduce((n, c) => n + c.seconds, 0) + classroomSeconds;
    const hours = Math.floor((seconds / 3600) * 10) / 10;
    const coursesCompleted = courses.filter(isCourseComplete).length;
    const hoursMet = seconds >= level.minStudyHours * 3600;
    return {
      slug: level.slug,
      missingPrerequisites,
      locked: missingPrerequisites.length > 0,
      requiredCourses: level.requiredCourses,
      coursesCompleted,
      lessonsTotal: courses.reduce((n, c) => n + c.lessonsTotal, 0),
      lessonsCompleted: courses.reduce((n, c) => n + c.lessonsCompleted, 0),
      seconds,
      classroomSeconds,
      hours,
      minHours: level.minStudyHours,
      hoursMet,
      hasExam: level.exam !== null,
      held: heldLevels.has(level.slug),
      studyComplete: missingPrerequisites.length === 0 && coursesCompleted === courses.length && hoursMet,
    };
  });
}

/**
 * Lessons done and hours studied over all levels, as the home page says them: the hours from the summed
 * seconds, to one decimal rounded down (summing each level's rounded hours would lose up to 0.1 h a level).
 */
export function studyTotals(statuses: readonly Pick<LevelStatus, "lessonsCompleted" | "lessonsTotal" | "seconds">[]) {
  const seconds = statuses.reduce((n, s) => n + s.seconds, 0);
  return {
    lessons: statuses.reduce((n, s) => n + s.lessonsCompleted, 0),
    total: statuses.reduce((n, s) => n + s.lessonsTotal, 0),
    hours: Math.floor((seconds / 3600) * 10) / 10,
  };
}

/** Percent for a progress bar, 0–100. */
export function percent(done: number, total: number) {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)));
}
