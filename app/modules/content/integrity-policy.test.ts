import { describe, expect, test } from "vitest";
import { levelsFileSchema } from "./schemas";

/** levels.yaml's `integrity` entry of an exam (docs/exam-integrity.md): content:check names what is wrong. */
const levelsWith = (integrity: unknown) => ({
  studyTime: { maxMultipleOfEstimate: 2 },
  levels: [
    {
      slug: "junior",
      code: "J",
      name: { zh: "初级", en: "Junior" },
      requiredCourses: ["law"],
      minStudyHours: 1,
      certificate: { validityYears: 3, renewalHours: 10 },
      exam: {
        title: { zh: "考试", en: "Exam" },
        durationMinutes: 60,
        passPercent: 60,
        attemptLimit: 2,
        waitHoursBetweenAttempts: 0,
        review: "score",
        sections: [{ name: { zh: "全部", en: "All" }, draw: 1 }],
        integrity,
      },
    },
  ],
});

describe("an exam's integrity policy in levels.yaml", () => {
  test("is optional; given, its missing keys take the defaults", () => {
    const absent = levelsFileSchema.parse(levelsWith(undefined));
    expect(absent.levels[0]!.exam!.integrity).toBeUndefined();
    const partial = levelsFileSchema.parse(levelsWith({ record: ["page_hidden", "paste"] }));
    expect(partial.levels[0]!.exam!.integrity).toEqual({
      record: ["page_hidden", "paste"],
      warnCandidate: true,
      alertProctorAfter: 3,
    });
  });

  test("an unknown event, a bad threshold or an unknown key is refused with what to write", () => {
    const unknownKind = levelsFileSchema.safeParse(levelsWith({ record: ["page_hidden", "teleport"] }));
    expect(JSON.stringify(unknownKind.error?.issues)).toContain("must be one of page_hidden");
    const threshold = levelsFileSchema.safeParse(levelsWith({ alertProctorAfter: 0 }));
    expect(JSON.stringify(threshold.error?.issues)).toContain("must be a whole number from 1 to 1000");
    expect(levelsFileSchema.safeParse(levelsWith({ screenshots: true })).success).toBe(false);
  });
});
