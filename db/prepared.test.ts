import { describe, expect, test } from "vitest";
import type { DbOrTx } from "./client";
import { preparedFor } from "./prepared";

describe("preparedFor", () => {
  test("builds once per database handle and reuses it", () => {
    let built = 0;
    const statementOf = preparedFor((db) => ({ db, n: ++built }));
    const one = {} as DbOrTx;
    const two = {} as DbOrTx;
    const first = statementOf(one);
    expect(statementOf(one)).toBe(first);
    expect(first.db).toBe(one);
    expect(statementOf(two)).not.toBe(first);
    expect(statementOf(two).db).toBe(two);
    expect(built).toBe(2);
  });
});
