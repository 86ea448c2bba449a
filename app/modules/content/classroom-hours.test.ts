import { describe, expect, test } from "vitest";
import { levelSchema } from "./schemas";

const level = (classroomHours: unknown) => ({
  slug: "junior",
  code: "J",
  name: { zh: "初级", en: "Junior" },
  requiredCourses: ["law"],
  minStudyHours: 12,
  classroomHours,
  certificate: { validityYears: 3, renewalHours: 10 },
});

describe("levels.yaml classroomHours", () => {
  test("a level may count classroom hours, with or without a cap; leaving it out counts none", () => {
    expect(levelSchema.parse(level({ count: true, cap: 8 })).classroomHours).toEqual({ count: true, cap: 8 });
    expect(levelSchema.parse(level({ count: false })).classroomHours).toEqual({ count: false });
    expect(levelSchema.parse(level(undefined)).classroomHours).toBeUndefined();
  });

  test("a flag that is not true/false, a negative cap or an unknown key is reported with what to write", () => {
    const problems = (value: unknown) =>
      levelSchema.safeParse(level(value)).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(problems({ count: "yes" })).toEqual(["classroomHours.count: must be true or false"]);
    expect(problems({ count: true, cap: -1 })).toEqual(["classroomHours.cap: must be 0 or more hours"]);
    expect(problems({ count: true, limit: 8 })?.[0]).toMatch(/^classroomHours: Unrecognized key/);
  });
});
