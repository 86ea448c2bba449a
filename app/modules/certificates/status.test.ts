import { describe, expect, test } from "vitest";
import { certificateStatus, maskName, namesMatch } from "./status";

const now = new Date("2026-11-27T00:00:00Z");

describe("certificate status", () => {
  test("revoked beats superseded beats expired", () => {
    expect(certificateStatus({ revokedAt: null, supersededAt: null, expiresAt: new Date("2027-01-01") }, now)).toBe(
      "valid",
    );
    expect(
      certificateStatus({ revokedAt: null, supersededAt: null, expiresAt: new Date("2026-11-27T00:00:00Z") }, now),
    ).toBe("expired");
    expect(certificateStatus({ revokedAt: null, supersededAt: null, expiresAt: null }, now)).toBe("valid");
    expect(certificateStatus({ revokedAt: null, supersededAt: now, expiresAt: new Date("2020-01-01") }, now)).toBe(
      "superseded",
    );
    expect(certificateStatus({ revokedAt: now, supersededAt: now, expiresAt: null }, now)).toBe("revoked");
  });
});

describe("names", () => {
  test("masking keeps the first and last character of a Chinese name", () => {
    expect(maskName("张晓芳")).toBe("张*芳");
    expect(maskName("欧阳娜娜")).toBe("欧**娜");
    expect(maskName("李明")).toBe("李*");
    expect(maskName("Wang Fang")).toBe("W*** F***");
  });
  test("a typed name matches regardless of width, case and spaces, and nothing else does", () => {
    expect(namesMatch(" 张晓芳 ", "张晓芳")).toBe(true);
    expect(namesMatch("张 晓 芳", "张晓芳")).toBe(true);
    expect(namesMatch("ｗａｎｇ fang", "Wang Fang")).toBe(true);
    expect(namesMatch("张小芳", "张晓芳")).toBe(false);
    expect(namesMatch("", "张晓芳")).toBe(false);
  });
});
