import { describe, expect, test } from "vitest";
import { safeRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
  test("keeps paths on this site", () => {
    expect(safeRedirect("/manage/audit?page=2")).toBe("/manage/audit?page=2");
  });
  test.each(["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, "/\nx"])(
    "refuses %j",
    (target) => {
      expect(safeRedirect(target, "/home")).toBe("/home");
    },
  );
});
