// npm run content:check — validates all of content/ and lists every problem; exits 1 if there is any.
import { formatProblem, loadContent } from "~/modules/content/index.server";

const { content, problems } = await loadContent();
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
  `content/ is valid: ${content!.levels.levels.length} levels, ${content!.courses.length} courses, ${lessons} lessons; questions: ${questionsByLevel}.`,
);
