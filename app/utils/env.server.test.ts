import { describe, expect, test } from "vitest";
import { parseEnv } from "./env.server";

describe("environment validation", () => {
  test("defaults run the demo on embedded PGlite", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: "./data", SEED_DEMO: "true" });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  test("a bad value is refused with a message naming the variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://localhost/x" })).toThrow(/DATABASE_URL: must start with postgres/);
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseEnv({ SMTP_URL: "not a url" })).toThrow(/SMTP_URL/);
  });

  test("empty values count as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", PORT: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });
});
