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
  /** Study time in the level's required courses; `hours` is it in tenths, rounded down. */
  seconds: number;
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
 * What each level requires of this person and how far they are, from server-side facts only.
 * Hours count every lesson of the level's required courses, retired lessons included.
 */
export function levelStatuses(
  levels: LevelConfig[],
  progress: CourseProgress[],
  heldLevels: ReadonlySet<string>,
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
    const seconds = courses.reduce((n, c) => n + c.seconds, 0);
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
