// npm run content:check — validates all of content/ and lists every problem; exits 1 if there is any.
import {
  formatProblem,
  loadContent,
  MIN_POOL_MULTIPLE,
  poolMarginProblems,
  studyHoursProblems,
} from "~/modules/content/index.server";

const { content, problems: loadProblems } = await loadContent();
// The curriculum in this repository also keeps every exam section's pool at three times its draw (a valid
// but smaller bank still loads at start, so the margin is checked here), and each level's minStudyHours at the
// whole hours of its required lessons' estimates.
const problems = content ? [...poolMarginProblems(content), ...studyHoursProblems(content)] : loadProblems;
if (problems.length) {
  for (const problem of problems) console.error(formatProblem(problem));
  console.error(`\n${problems.length} problem(s) in content/.`);
  process.exit(1);
}
const lessons = content!.courses.reduce((n, c) => n + c.lessons.length, 0);
const questionsByLevel = content!.levels.levels
  .map(
    (l) =>
      `${l.slug} ${content!.questionTopics.filter((t) => t.levelSlug === l.slug).reduce((n, t) => n + t.questions.length, 0)}`,
  )
  .join(", ");
console.log(
  `content/ is valid: ${content!.levels.levels.length} levels, ${content!.courses.length} courses, ${lessons} lessons; questions: ${questionsByLevel}; every exam section's pool holds at least ${MIN_POOL_MULTIPLE} × its draw; minimum study hours match the lessons' estimates.`,
);
