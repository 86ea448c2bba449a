import { afterEach, describe, expect, test } from "vitest";
import { fixtureFiles, writeContent } from "../../../tests/setup/content-fixture";
import { formatProblem, loadContent, poolMarginProblems } from "./files.server";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function check(changes: Record<string, string | null>) {
  const files = { ...fixtureFiles(), ...changes };
  const dirs = await writeContent(files);
  cleanups.push(dirs.cleanup);
  return loadContent(dirs.contentDir, dirs.publicDir, 0);
}

describe("content check", () => {
  test("the fixture curriculum is valid", async () => {
    const { content, problems } = await check({});
    expect(problems).toEqual([]);
    expect(content?.courses.map((c) => c.slug).sort()).toEqual(["law", "valuation"]);
  });

  test("an unknown syllabus module names the file, line and field", async () => {
    const files = fixtureFiles();
    const { problems } = await check({
      "content/courses/junior/law/course.md": files["content/courses/junior/law/course.md"]!.replace("module: 政策法规", "module: 市场营销"),
    });
    expect(problems).toHaveLength(1);
    expect(formatProblem(problems[0]!)).toMatch(
      /^.*content\/courses\/junior\/law\/course\.md:6 \[module\]: must be one of 公共知识 \/ 政策法规 \/ 实务技能 \/ 能力提升$/,
    );
  });

  test("a missing title and broken YAML are reported with their lines", async () => {
    const files = fixtureFiles();
    const { problems } = await check({
      "content/courses/junior/law/01-five-ways.md": files["content/courses/junior/law/01-five-ways.md"]!.replace("  zh: 五种方式\n", ""),
      "content/courses/junior/law/02-rewards.md": "---\ntitle: [unclosed\n---\n正文\n",
    });
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/01-five-ways\.md:3 \[title\.zh\]: Required$/),
      expect.stringMatching(/02-rewards\.md:2: YAML: /),
    ]);
  });

  test("a lesson completion rule out of range, and a course's order flag that is not true/false, are reported", async () => {
    const files = fixtureFiles();
    const { problems } = await check({
      "content/levels.yaml": files["content/levels.yaml"]!.replace(
        "levels:\n",
        "lessonCompletion: { minShareOfEstimate: 1.5, requireSelfCheck: true }\nlevels:\n",
      ).replace("    minStudyHours: 1\n", "    minStudyHours: 1\n    lessonCompletion: { requireSelfCheck: sometimes }\n"),
      "content/courses/junior/law/course.md": files["content/courses/junior/law/course.md"]!.replace(
        "objectives:",
        "sequential: yes please\nobjectives:",
      ),
    });
    expect(problems.map(formatProblem)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /levels\.yaml:\d+ \[lessonCompletion\.minShareOfEstimate\]: must be from 0 to 1 \(e\.g\. 0\.5 = half the estimated minutes\)$/,
        ),
        expect.stringMatching(/levels\.yaml:\d+ \[levels\.1\.lessonCompletion\.requireSelfCheck\]: must be true or false$/),
        expect.stringMatching(/law\/course\.md:\d+ \[sequential\]: must be true or false$/),
      ]),
    );
  });

  test("a level's lesson completion rule overrides the file-wide one, key by key", async () => {
    const files = fixtureFiles();
    const { content, problems } = await check({
      "content/levels.yaml": files["content/levels.yaml"]!.replace(
        "levels:\n",
        "lessonCompletion: { minShareOfEstimate: 0.8, requireSelfCheck: false }\nlevels:\n",
      ).replace("    minStudyHours: 1\n", "    minStudyHours: 1\n    lessonCompletion: { requireSelfCheck: true }\n"),
    });
    expect(problems).toEqual([]);
    expect(content?.levels.lessonCompletion).toEqual({ minShareOfEstimate: 0.8, requireSelfCheck: false });
    expect(content?.levels.levels.map((l) => l.lessonCompletion)).toEqual([undefined, { requireSelfCheck: true }]);
  });

  test("a duplicate course slug is reported", async () => {
    const files = fixtureFiles();
    const { problems } = await check({
      "content/courses/intermediate/law/course.md": files["content/courses/junior/law/course.md"]!,
      "content/courses/intermediate/law/01-x.md": files["content/courses/junior/law/01-five-ways.md"]!,
    });
    expect(problems.map(formatProblem)).toContainEqual(expect.stringMatching(/law\/course\.md \[slug\]: duplicate slug "law" \(also in .*law\/course\.md\)/));
  });

  test("a lesson referring to a missing image is reported; an existing one is fine", async () => {
    const files = fixtureFiles();
    const lesson = files["content/courses/junior/law/01-five-ways.md"]!;
    const { problems } = await check({
      "content/courses/junior/law/01-five-ways.md": `${lesson}\n![示意图](/content/images/diagram.svg)\n\n![缺失](/content/images/missing.png)\n`,
    });
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/01-five-ways\.md:17 \[image\]: image \/content\/images\/missing\.png does not exist under public\//),
    ]);
  });

  test("a required course that does not exist, and a wrong answer index, are reported", async () => {
    const files = fixtureFiles();
    const { problems } = await check({
      "content/levels.yaml": files["content/levels.yaml"]!.replace("requiredCourses: [law]", "requiredCourses: [law, ghost]"),
      "content/courses/junior/law/02-rewards.md": files["content/courses/junior/law/02-rewards.md"]!.replace("answer: 1", "answer: 7"),
    });
    expect(problems.map(formatProblem)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/02-rewards\.md:\d+ \[selfCheck\.0\.answer\]: answer points past the last option/),
        expect.stringMatching(/levels\.yaml \[levels\.0\.requiredCourses\.1\]: no course "ghost"/),
      ]),
    );
  });

  test("an exam section the bank cannot fill is reported", async () => {
    const files = fixtureFiles();
    const { problems } = await check({ "content/levels.yaml": files["content/levels.yaml"]!.replace("draw: 6 }", "draw: 7 }") });
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/levels\.yaml \[levels\.0\.exam\.sections\.0\]: the section draws 7 questions; the junior bank has 6 that fit$/),
    ]);
  });

  test("a lesson shorter than the content standard is reported", async () => {
    const dirs = await writeContent(fixtureFiles());
    cleanups.push(dirs.cleanup);
    const { problems } = await loadContent(dirs.contentDir, dirs.publicDir, 800);
    expect(problems.map(formatProblem)).toContainEqual(
      expect.stringMatching(/01-five-ways\.md:\d+ \[body\]: the lesson teaches \d+ Chinese characters; at least 800 are required/),
    );
  });

  test("the repository's curriculum passes the check, with the real content standard", async () => {
    const { content, problems } = await loadContent();
    expect(problems.map(formatProblem)).toEqual([]);
    for (const level of content!.levels.levels) expect(level.requiredCourses.length).toBeGreaterThanOrEqual(4);
    const lessons = content!.courses.flatMap((c) => c.lessons);
    expect(lessons.length).toBeGreaterThanOrEqual(48);
    for (const lesson of lessons) expect(lesson.frontMatter.selfCheck).toHaveLength(3);
    // Enough real questions per level for a varied 50-question exam, of every type.
    for (const level of content!.levels.levels) {
      const bank = content!.questionTopics.filter((t) => t.levelSlug === level.slug).flatMap((t) => t.questions);
      expect(bank.length, level.slug).toBeGreaterThanOrEqual(80);
      expect(new Set(bank.map((q) => q.question.type)), level.slug).toEqual(
        new Set(["single", "multiple", "true_false", "fill_in", "essay", "case"]),
      );
    }
  });
});

describe("pool margin (content:check)", () => {
  async function marginOf(levelsYaml: (text: string) => string) {
    const files = fixtureFiles();
    const dirs = await writeContent({ ...files, "content/levels.yaml": levelsYaml(files["content/levels.yaml"]!) });
    cleanups.push(dirs.cleanup);
    const { content, problems } = await loadContent(dirs.contentDir, dirs.publicDir, 0);
    // The bank is valid and the exam drawable: only the margin is in question.
    expect(problems).toEqual([]);
    return poolMarginProblems(content!, 3, dirs.contentDir).map(formatProblem);
  }

  test("a section whose pool is under three times its draw is reported with the level, section, pool and draw", async () => {
    expect(await marginOf((t) => t.replace("draw: 6 }", "draw: 3 }"))).toEqual([
      expect.stringMatching(
        /levels\.yaml \[levels\.0\.exam\.sections\.0\]: junior exam, section 1 \(全部题目 \/ All questions\): a pool of 6 questions for a draw of 3; at least 9 \(3 × the draw\) are required$/,
      ),
    ]);
  });

  test("a pool of exactly three times the draw passes; a section's pool is only the questions that fit it", async () => {
    expect(await marginOf((t) => t.replace("draw: 6 }", "draw: 2 }"))).toEqual([]);
    const byType = await marginOf((t) =>
      t.replace(
        "        - { name: { zh: 全部题目, en: All questions }, draw: 6 }",
        "        - { name: { zh: 单选, en: Single }, draw: 1, types: [single] }\n        - { name: { zh: 其余, en: The rest }, draw: 1 }",
      ),
    );
    expect(byType).toEqual([expect.stringMatching(/\[levels\.0\.exam\.sections\.0\]: junior exam, section 1 \(单选 \/ Single\): a pool of 1 question for a draw of 1; at least 3/)]);
  });

  test("the repository's bank holds three times each section's draw, at every level", async () => {
    const { content } = await loadContent();
    expect(content!.levels.levels.map((l) => l.slug)).toEqual(["junior", "intermediate", "senior"]);
    expect(poolMarginProblems(content!).map(formatProblem)).toEqual([]);
  });
});
