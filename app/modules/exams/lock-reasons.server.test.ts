import { beforeAll, describe, expect, test } from "vitest";
import { fixtureFiles, syncFixtureContent } from "../../../tests/setup/content-fixture";
import { noneHeld, t0 } from "../../../tests/setup/exam-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { examEligibility } from "./eligibility.server";

// The fixture's intermediate level, given an exam: its rule is the junior certificate.
beforeAll(() => {
  const files = fixtureFiles();
  files["content/levels.yaml"] = files["content/levels.yaml"]!.replace(
    "    minStudyHours: 1\n",
    "    minStudyHours: 1\n    exam:\n      title: { zh: 中级考试, en: Intermediate exam }\n      durationMinutes: 60\n      passPercent: 60\n      attemptLimit: 2\n      waitHoursBetweenAttempts: 24\n      review: score\n      sections:\n        - { name: { zh: 全部题目, en: All questions }, draw: 1 }\n",
  );
  files["content/questions/intermediate/valuation.yaml"] = [
    "topic: valuation",
    "title: { zh: 技术评估, en: Valuation }",
    "module: 实务技能",
    "questions:",
    "  - id: val-001",
    "    type: true_false",
    "    difficulty: 1",
    "    stem: 收益法以预期收益折现。",
    "    answer: true",
    "    explanation: 定义。",
    "",
  ].join("\n");
  return syncFixtureContent(files);
});

describe("why an exam is locked comes from the level's rules", () => {
  test("a level behind a lower-level certificate names that certificate, not the courses or hours", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    const e = await examEligibility(d, trainee.id, "intermediate", noneHeld, t0);
    expect(e.reasons).toContain("level_locked");
    expect(e.reasons).not.toContain("study_incomplete");
    expect(e.rules.missingPrerequisites).toEqual(["junior"]);
  });

  test("with the lower level held, the courses and hours are the reason", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    const e = await examEligibility(d, trainee.id, "intermediate", new Set(["junior"]), t0);
    expect(e.reasons).not.toContain("level_locked");
    expect(e.reasons).toContain("study_incomplete");
    expect(e.rules).toEqual({
      missingPrerequisites: [],
      courses: { done: 0, required: 1 },
      hours: { done: 0, required: 1 },
    });
  });
});
