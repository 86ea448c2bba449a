import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { identityTypeOf, normalizeSubjectIdentifier, subjectHashOf } from "./subject";

describe("hashed certificate subjects (Open Badges IdentityHash)", () => {
  test("is sha256$ + hex SHA-256 of the normalized identifier with the salt appended", () => {
    const salt = "0123456789abcdef0123456789abcdef";
    const expected = createHash("sha256").update(`zhang.xf@example.cn${salt}`).digest("hex");
    expect(subjectHashOf("zhang.xf@example.cn", salt)).toEqual({ hash: `sha256$${expected}`, salt });
  });

  test("e-mail addresses are trimmed and lower-cased first", () => {
    const salt = "aa";
    expect(subjectHashOf("  Zhang.XF@Example.CN ", salt)).toEqual(subjectHashOf("zhang.xf@example.cn", salt));
    expect(identityTypeOf("zhang.xf@example.cn")).toBe("emailAddress");
  });

  test("mobile numbers are reduced to their digits without the 86 country code", () => {
    for (const spelling of [
      "139 1234 5678",
      "139-1234-5678",
      "+86 139 1234 5678",
      "8613912345678",
      "0086 13912345678",
    ]) {
      expect(normalizeSubjectIdentifier(spelling), spelling).toBe("13912345678");
      // IdentifierTypeEnum has no phone number: an extension type, as the official schema requires.
      expect(identityTypeOf(spelling)).toBe("ext:phone");
    }
    // A number that merely begins with 86 keeps it.
    expect(normalizeSubjectIdentifier("8612345")).toBe("8612345");
  });

  test("a fresh 16-byte salt by default, so the same person hashes differently on each certificate", () => {
    const a = subjectHashOf("13912345678");
    const b = subjectHashOf("13912345678");
    expect(a.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(a.hash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(subjectHashOf("+86 139-1234-5678", a.salt)).toEqual(a);
  });

  test("refuses identifiers that are neither", () => {
    expect(() => subjectHashOf("")).toThrow();
    expect(() => subjectHashOf("no digits here")).toThrow();
    expect(() => subjectHashOf("two@@example.cn")).toThrow();
  });
});
