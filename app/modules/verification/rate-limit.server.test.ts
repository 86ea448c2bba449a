import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "#db/client";
import { createTestDatabase } from "../../../tests/setup/test-database";
import { createLimit, type LimitStore } from "./rate-limit.server";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

let counter = 0;
const freshName = () => `test_${Date.now()}_${counter++}`;

describe.each<LimitStore>(["memory", "database"])("a limit kept in %s", (store) => {
  test("a key may ask `points` times in the window, then is told how long to wait", async () => {
    const limit = createLimit(database, { name: freshName(), points: 3, seconds: 60 }, store);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await limit.take("203.0.113.7"));
    expect(answers.slice(0, 3)).toEqual([
      { allowed: true, remaining: 2 },
      { allowed: true, remaining: 1 },
      { allowed: true, remaining: 0 },
    ]);
    expect(answers[3]).toMatchObject({ allowed: false });
    const wait = (answers[3] as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
  });

  test("keys are counted apart, and peeking counts nothing", async () => {
    const limit = createLimit(database, { name: freshName(), points: 1, seconds: 60 }, store);
    expect((await limit.peek("b")).allowed).toBe(true);
    expect((await limit.peek("b")).allowed).toBe(true);
    expect((await limit.take("a")).allowed).toBe(true);
    expect((await limit.peek("a")).allowed).toBe(false);
    expect((await limit.take("b")).allowed).toBe(true);
  });
});

describe("the database store", () => {
  test("two app copies count into one budget per key", async () => {
    // Two limiters over the same table stand for two processes behind the load balancer.
    const name = freshName();
    const copyA = createLimit(database, { name, points: 10, seconds: 60 }, "database");
    const copyB = createLimit(database, { name, points: 10, seconds: 60 }, "database");
    let allowed = 0;
    for (let i = 0; i < 10; i++) {
      if ((await copyA.take("198.51.100.1")).allowed) allowed++;
      if ((await copyB.take("198.51.100.1")).allowed) allowed++;
    }
    expect(allowed).toBe(10);
    expect((await copyB.peek("198.51.100.1")).allowed).toBe(false);
    expect((await copyA.peek("198.51.100.2")).allowed).toBe(true);
  });

  test("when the database fails, each copy still limits by its own count", async () => {
    const broken: Database = {
      ...database,
      query: () => Promise.reject(new Error("connection refused")),
    };
    const limit = createLimit(broken, { name: freshName(), points: 2, seconds: 60 }, "database");
    const answers = [await limit.take("x"), await limit.take("x"), await limit.take("x")];
    expect(answers.map((a) => a.allowed)).toEqual([true, true, false]);
  });
});
