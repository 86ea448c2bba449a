import { describe, expect, test } from "vitest";
import { isCrossSiteMutation } from "./request-guard.server";

const expectedOrigin = "https://academy.example.cn";

describe("isCrossSiteMutation", () => {
  test.each([
    ["POST", "https://evil.example", null, true],
    ["POST", "null", null, true],
    ["DELETE", null, "cross-site", true],
    ["POST", null, "same-site", true],
    ["POST", expectedOrigin, "same-origin", false],
    ["POST", expectedOrigin, null, false],
    ["POST", null, null, false],
    ["GET", "https://evil.example", "cross-site", false],
  ])("%s with Origin %s and Sec-Fetch-Site %s → refused: %s", (method, origin, secFetchSite, refused) => {
    expect(isCrossSiteMutation({ method, origin, secFetchSite, expectedOrigin })).toBe(refused);
  });
});
