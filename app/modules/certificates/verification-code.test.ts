import { describe, expect, test } from "vitest";
import { CROCKFORD_ALPHABET, groupCode, newVerificationCode, normalizeCode } from "./verification-code";

describe("verification codes", () => {
  test("are 10 characters of Crockford base32", () => {
    for (let i = 0; i < 200; i++) expect(newVerificationCode()).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{10}$/);
  });

  test("do not repeat over 10,000 draws", () => {
    const codes = new Set(Array.from({ length: 10_000 }, newVerificationCode));
    expect(codes.size).toBe(10_000);
  });

  test("use every character of the alphabet in every position (all 50 bits are random)", () => {
    const seen = Array.from({ length: 10 }, () => new Set<string>());
    for (let i = 0; i < 5_000; i++) {
      const code = newVerificationCode();
      for (let p = 0; p < 10; p++) seen[p]!.add(code[p]!);
    }
    for (const position of seen) expect(position.size).toBe(CROCKFORD_ALPHABET.length);
  });

  test("are grouped in two fives for reading aloud", () => {
    expect(groupCode("ABCDEFGHJK")).toBe("ABCDE-FGHJK");
  });

  test("normalize what people type into the canonical form", () => {
    expect(normalizeCode("ABCDE-FGHJK")).toBe("ABCDEFGHJK");
    expect(normalizeCode("  abcde fghjk ")).toBe("ABCDEFGHJK");
    expect(normalizeCode("abcde-fghjk")).toBe("ABCDEFGHJK");
    // Crockford: I and L are read as 1, O as 0.
    expect(normalizeCode("IlOo0-12345")).toBe("1100012345");
    // Full-width characters and the ideographic space from a Chinese input method.
    expect(normalizeCode("ＡＢＣＤＥ　ＦＧＨＪＫ")).toBe("ABCDEFGHJK");
    const code = newVerificationCode();
    expect(normalizeCode(groupCode(code).toLowerCase())).toBe(code);
  });

  test("reject the wrong length or characters outside the alphabet", () => {
    for (const input of [
      "",
      "ABCDE",
      "ABCDE-FGHJ",
      "ABCDE-FGHJKM",
      "ABCDE-FGHJU",
      "ABCDE_FGHJK",
      "ABCDE.FGHJK",
      "ÄBCDE-FGHJK",
    ]) {
      expect(normalizeCode(input), input).toBeNull();
    }
  });
});
