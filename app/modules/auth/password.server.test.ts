import { describe, expect, test } from "vitest";
import { hashPassword, verifyPassword } from "./password.server";

describe("password hashing", () => {
  test("uses argon2id with a fresh salt each time", async () => {
    const a = await hashPassword("技术经理人2026");
    const b = await hashPassword("技术经理人2026");
    expect(a.startsWith("$argon2id$")).toBe(true);
    expect(a).not.toBe(b);
  });

  test("verifies the right password and refuses a wrong or malformed one", async () => {
    const stored = await hashPassword("correct horse");
    expect(await verifyPassword(stored, "correct horse")).toBe(true);
    expect(await verifyPassword(stored, "correct horsE")).toBe(false);
    expect(await verifyPassword("not-a-hash", "correct horse")).toBe(false);
  });
});
