import path from "node:path";
import type { LoadedContent } from "./files.server";
import type { ContentProblem } from "./problem";

/** A level's required lessons' estimated study time, in minutes (the sum of their `minutes`). */
export function requiredLessonMinutes(content: Pick<LoadedContent, "courses">, requiredCourses: readonly string[]) {
  return content.courses
    .filter((c) => requiredCourses.includes(c.slug))
    .reduce((sum, c) => sum + c.lessons.reduce((n, l) => n + l.frontMatter.minutes, 0), 0);
}

/**
 * Each level whose `minStudyHours` does not match its required lessons' estimates: it may ask neither for more than
 * the estimates add up to nor for less than their whole hours, so the minimum a certificate states describes the
 * curriculum a trainee studies. `npm run content:check` enforces it for the repository's curriculum; loading content
 * at start does not, so a center may adapt its levels.
 */
export function studyHoursProblems(
  content: Pick<LoadedContent, "levels" | "courses">,
  contentDir = "content",
): ContentProblem[] {
  const file = path.relative(process.cwd(), path.join(contentDir, "levels.yaml")) || "levels.yaml";
  const problems: ContentProblem[] = [];
  for (const [i, level] of content.levels.levels.entries()) {
    const minutes = requiredLessonMinutes(content, level.requiredCourses);
    const whole = Math.floor(minutes / 60);
    if (level.minStudyHours < whole || level.minStudyHours * 60 > minutes)
      problems.push({
        file,
        field: `levels.${i}.minStudyHours`,
        message: `${level.slug}: minStudyHours is ${level.minStudyHours}, but the required lessons are estimated at ${minutes} minutes (${Math.round((minutes / 60) * 10) / 10} h); set it to ${whole} (the estimate in whole hours) or correct the lessons' minutes`,
      });
  }
  return problems;
}
