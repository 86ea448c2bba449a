import { eq } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import { questions, questionVersions } from "#db/schema";
import { fixtureFiles, writeContent } from "../../../tests/setup/content-fixture";
import { db } from "~/utils/db.server";
import { formatProblem, loadContent } from "./files.server";
import { syncContent } from "./sync.server";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});
const BANK = "content/questions/junior/law.yaml";

async function check(changes: Record<string, string | null>) {
  const dirs = await writeContent({ ...fixtureFiles(), ...changes });
  cleanups.push(dirs.cleanup);
  return loadContent(dirs.contentDir, dirs.publicDir, 0);
}

describe("question bank check", () => {
  test("every question type of the fixture loads, with a case's parts and its total points", async () => {
    const { content, problems } = await check({});
    expect(problems).toEqual([]);
    const bank = content!.questionTopics[0]!;
    expect(bank.questions.map((q) => q.question.type)).toEqual(["single", "multiple", "true_false", "fill_in", "essay", "case"]);
  });

  test("a wrong answer index, a one-answer multiple choice, an essay without rubric, a duplicate id and an unknown type are named by file, line and field", async () => {
    const bank = fixtureFiles()[BANK]!
      .replace("    answer: 1\n    explanation: 民法典", "    answer: 9\n    explanation: 民法典")
      .replace("answer: [0, 1, 2]", "answer: [0]")
      .replace("    rubric: 决策程序 4 分；定价 3 分；股权奖励 3 分。\n", "")
      .replace("id: law-004", "id: law-001")
      .replace("type: true_false", "type: ranking");
    const { problems } = await check({ [BANK]: bank });
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/law\.yaml:10 \[questions\.0\.answer\]: answer points past the last option$/),
      expect.stringMatching(/law\.yaml:\d+ \[questions\.1\.answer\]: a multiple-choice question has at least two correct options$/),
      expect.stringMatching(/law\.yaml:20 \[questions\.2\.type\]: must be one of single, multiple, true_false, fill_in, essay, case$/),
      expect.stringMatching(/law\.yaml:\d+ \[questions\.3\.id\]: duplicate id "law-001"$/),
      expect.stringMatching(/law\.yaml:\d+ \[questions\.4\.rubric\]: Required$/),
    ]);
  });
});

describe("question bank sync", () => {
  test("versions a changed question, keeps the answer key apart from what is shown, retires a removed one", async () => {
    const d = await db();
    const first = await check({});
    const added = await syncContent(d, first.content!);
    expect(added.added.filter((a) => a.startsWith("question:"))).toHaveLength(6);
    expect((await syncContent(d, first.content!)).changed).toEqual([]);

    const [single] = await d.select().from(questions).where(eq(questions.externalId, "law-001"));
    const [v1] = await d.select().from(questionVersions).where(eq(questionVersions.questionId, single!.id));
    expect(v1!.content).toEqual({ type: "single", stem: "技术合同有几类？", options: ["三类", "五类", "七类", "九类"], pointsTenths: 10 });
    expect(JSON.stringify(v1!.content)).not.toContain("八百四十三");
    expect(v1!.key).toEqual({ type: "single", answer: 1, explanation: "民法典第八百四十三条规定了五类。" });

    const [caseQuestion] = await d.select().from(questions).where(eq(questions.externalId, "law-006"));
    const [caseVersion] = await d.select().from(questionVersions).where(eq(questionVersions.questionId, caseQuestion!.id));
    expect(caseVersion!.pointsTenths).toBe(70);

    const edited = await check({ [BANK]: fixtureFiles()[BANK]!.replace("技术合同有几类？", "民法典规定的技术合同有几类？") });
    expect((await syncContent(d, edited.content!)).changed).toEqual(["question:junior/law/law-001"]);
    const versions = await d.select().from(questionVersions).where(eq(questionVersions.questionId, single!.id));
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);

    const removed = await check({
      [BANK]: fixtureFiles()[BANK]!.replace(/ {2}- id: law-003[\s\S]*?(?= {2}- id: law-004)/, ""),
      // The exam must still be drawable from what is left.
      "content/levels.yaml": fixtureFiles()["content/levels.yaml"]!.replace("draw: 6 }", "draw: 5 }"),
    });
    expect((await syncContent(d, removed.content!)).retired).toEqual(["question:junior/law/law-003"]);
  });
});
