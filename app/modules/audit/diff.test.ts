import { describe, expect, test } from "vitest";
import { auditChanges } from "./diff";

describe("an audit entry shows what changed, field by field", () => {
  test("only the fields that differ, nested ones by their path", () => {
    expect(
      auditChanges(
        { extraMinutes: 0, extraAttempts: 1, level: "junior" },
        { extraMinutes: 30, extraAttempts: 1, level: "junior" },
      ),
    ).toEqual([{ field: "extraMinutes", before: "0", after: "30" }]);
    expect(
      auditChanges({ settings: { passMark: 60, minutes: 90 } }, { settings: { passMark: 65, minutes: 90 } }),
    ).toEqual([{ field: "settings.passMark", before: "60", after: "65" }]);
  });
  test("a creation lists what it set; lists read as text; nothing before or after is no change", () => {
    expect(auditChanges(null, { name: "2026年第1期", userIds: ["a", "b"] })).toEqual([
      { field: "name", before: null, after: "2026年第1期" },
      { field: "userIds", before: null, after: "a、b" },
    ]);
    expect(auditChanges(null, null)).toEqual([]);
    expect(auditChanges("old", "new")).toEqual([{ field: "", before: "old", after: "new" }]);
  });
});
