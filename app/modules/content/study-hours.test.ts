import { afterEach, describe, expect, test } from "vitest";
import { fixtureFiles, writeContent } from "../../../tests/setup/content-fixture";
import { formatProblem, loadContent } from "./files.server";
import { requiredLessonMinutes, studyHoursProblems } from "./study-hours";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** The fixture with the junior level's second lesson estimated at 120 minutes (130 in all) and a chosen minimum. */
async function juniorProblems(minStudyHours: number) {
  const files = fixtureFiles();
  const dirs = await writeContent({
    ...files,
    "content/levels.yaml": files["content/levels.yaml"]!.replace("minStudyHours: 0.5", `minStudyHours: ${minStudyHours}`),
    "content/courses/junior/law/02-rewards.md": files["content/courses/junior/law/02-rewards.md"]!.replace(
      "minutes: 20",
      "minutes: 120",
    ),
  });
  cleanups.push(dirs.cleanup);
  const { content, problems } = await loadContent(dirs.contentDir, dirs.publicDir, 0);
  expect(problems).toEqual([]);
  return studyHoursProblems(content!, dirs.contentDir)
    .filter((p) => p.field === "levels.0.minStudyHours")
    .map(formatProblem);
}

describe("study hours (content:check)", () => {
  test("a minimum below the whole hours of the lessons' estimates is reported with the figure to set", async () => {
    expect(await juniorProblems(0.5)).toEqual([
      expect.stringMatching(
        /levels\.yaml \[levels\.0\.minStudyHours\]: junior: minStudyHours is 0\.5, but the required lessons are estimated at 130 minutes \(2\.2 h\); set it to 2 /,
      ),
    ]);
  });

  test("a minimum above the lessons' estimates is reported; the whole hours, or up to the estimate, pass", async () => {
    expect(await juniorProblems(2.5)).toHaveLength(1);
    expect(await juniorProblems(2)).toEqual([]);
    expect(await juniorProblems(2.1)).toEqual([]);
  });

  test("the repository's levels ask for the whole hours of their required lessons' estimates", async () => {
    const { content } = await loadContent();
    expect(studyHoursProblems(content!).map(formatProblem)).toEqual([]);
    for (const level of content!.levels.levels)
      expect(requiredLessonMinutes(content!, level.requiredCourses), level.slug).toBeGreaterThan(0);
  });
});
