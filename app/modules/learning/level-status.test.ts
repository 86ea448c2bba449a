import { describe, expect, test } from "vitest";
import { countedClassroomSeconds, studyTotals } from "./level-status";

describe("the home page's study totals", () => {
  test("count lessons, not whole courses, over every level", () => {
    expect(
      studyTotals([
        { lessonsCompleted: 1, lessonsTotal: 12, seconds: 0 },
        { lessonsCompleted: 0, lessonsTotal: 9, seconds: 0 },
      ]),
    ).toMatchObject({ lessons: 1, total: 21 });
  });

  test("hours come from the summed seconds, to one decimal rounded down", () => {
    // 0.09 h in each of three levels: 0.27 h in all, not 0 + 0 + 0.
    expect(
      studyTotals([324, 324, 324].map((seconds) => ({ lessonsCompleted: 0, lessonsTotal: 1, seconds }))).hours,
    ).toBe(0.2);
    // One lesson studied for 15 minutes shows 0.2 h, never 0 h.
    expect(studyTotals([{ lessonsCompleted: 1, lessonsTotal: 4, seconds: 900 }]).hours).toBe(0.2);
    expect(studyTotals([]).hours).toBe(0);
  });
});

describe("classroom hours toward a level", () => {
  test("count only where the level says so, up to its cap", () => {
    expect(countedClassroomSeconds({}, 7200)).toBe(0);
    expect(countedClassroomSeconds({ classroomHours: { count: false, cap: 8 } }, 7200)).toBe(0);
    expect(countedClassroomSeconds({ classroomHours: { count: true } }, 36_000)).toBe(36_000);
    expect(countedClassroomSeconds({ classroomHours: { count: true, cap: 8 } }, 7200)).toBe(7200);
    expect(countedClassroomSeconds({ classroomHours: { count: true, cap: 8 } }, 36_000)).toBe(8 * 3600);
  });
});
