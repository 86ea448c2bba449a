import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "#db/client";
import { createTestDatabase } from "../../tests/setup/test-database";
import { createLimit, leaseSize } from "./rate-limit.server";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

let counter = 0;
const freshName = () => `lease_${Date.now()}_${counter++}`;

/** An app copy on the shared database that counts the statements its limiter sends. */
function copy(name: string, points: number) {
  const sent = { queries: 0 };
  const counted: Database = {
    ...database,
    query: (text, values) => {
      sent.queries++;
      return database.query(text, values);
    },
  };
  return { limit: createLimit(counted, { name, points, seconds: 60 }, "database"), sent };
}

describe("a large limit on the database store", () => {
  test("two copies share one budget, within one lease, and write about once per lease", async () => {
    const name = freshName();
    const [a, b] = [copy(name, 100), copy(name, 100)];
    let allowed = 0;
    for (let i = 0; i < 120; i++) {
      if ((await a.limit.take("198.51.100.1")).allowed) allowed++;
      if ((await b.limit.take("198.51.100.1")).allowed) allowed++;
    }
    // Never more than the budget; at most the other copy's unused lease is lost (decision 014).
    expect(allowed).toBeLessThanOrEqual(100);
    expect(allowed).toBeGreaterThanOrEqual(100 - leaseSize(100));
    // 240 requests: about 100 / 5 leases, a few single points at the end, then refusals from memory.
    expect(a.sent.queries + b.sent.queries).toBeLessThanOrEqual(30);
  });

  test("requests arriving together wait for one lease instead of each writing", async () => {
    const name = freshName();
    const [a, b] = [copy(name, 100), copy(name, 100)];
    const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => (i % 2 ? a : b).limit.take("203.0.113.9")));
    const allowed = answers.filter((answer) => answer.allowed).length;
    expect(allowed).toBeLessThanOrEqual(100);
    expect(allowed).toBeGreaterThanOrEqual(100 - leaseSize(100));
    expect(a.sent.queries + b.sent.queries).toBeLessThanOrEqual(40);
  });

  test("a key over its limit is refused with a retry time, answered from memory", async () => {
    const { limit, sent } = copy(freshName(), 40);
    for (let i = 0; i < 40; i++) expect((await limit.take("192.0.2.1")).allowed).toBe(true);
    const refused = await limit.take("192.0.2.1");
    expect(refused.allowed).toBe(false);
    const wait = (refused as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    const queries = sent.queries;
    expect((await limit.take("192.0.2.1")).allowed).toBe(false);
    expect((await limit.peek("192.0.2.1")).allowed).toBe(false);
    expect(sent.queries).toBe(queries);
    // Other keys are counted apart.
    expect((await limit.take("192.0.2.2")).allowed).toBe(true);
  });

  test("points given back return to the copy's lease without a write", async () => {
    const { limit, sent } = copy(freshName(), 100);
    expect(await limit.take("k")).toEqual({ allowed: true, remaining: 99 });
    const queries = sent.queries;
    await limit.give("k");
    expect(await limit.take("k")).toEqual({ allowed: true, remaining: 99 });
    expect(sent.queries).toBe(queries);
  });

  test("a cost larger than one lease is counted whole", async () => {
    const name = freshName();
    const [a, b] = [copy(name, 100), copy(name, 100)];
    expect((await a.limit.take("k", 30)).allowed).toBe(true);
    expect(await b.limit.peek("k")).toEqual({ allowed: true, remaining: 70 });
    expect((await a.limit.take("k", 71)).allowed).toBe(false);
  });
});

describe("a small limit on the database store", () => {
  test("counts every request in the table, exactly, for every copy", async () => {
    const name = freshName();
    const [a, b] = [copy(name, 10), copy(name, 10)];
    for (let i = 0; i < 3; i++) expect((await a.limit.take("s")).allowed).toBe(true);
    expect(await b.limit.peek("s")).toEqual({ allowed: true, remaining: 7 });
    await a.limit.give("s");
    expect(await b.limit.peek("s")).toEqual({ allowed: true, remaining: 8 });
    for (let i = 0; i < 8; i++) expect((await b.limit.take("s")).allowed).toBe(true);
    expect((await a.limit.take("s")).allowed).toBe(false);
    expect((await b.limit.take("s")).allowed).toBe(false);
  });
});
