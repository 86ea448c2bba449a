/**
 * The fuzz suite (issue 15, point 4; docs/security.md): every route's loader and action is driven with
 * generated malformed input — overlong strings, NUL, invalid UTF-8, wrong types, missing and extra fields,
 * ids of another tenant or of nothing — as the person its class (tests/integration/route-classes.ts) lets in.
 * A request goes first through the server's own guards (server/request-limits.ts), as in production; what they
 * refuse never reaches Remix. Whatever reaches a route must answer without a 500 or a thrown error (a stack
 * trace), and a refusal (4xx) must leave every table as it was. Runs on PGlite and, with TEST_DATABASE_URL,
 * on PostgreSQL (`.ci/run` does both).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cohortMembers, cohorts } from "#db/schema";
import { createSession } from "~/modules/auth/index.server";
import { SESSION_COOKIE } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { hasForbiddenText, hasForbiddenUrl } from "../../server/request-limits";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { allRouteFiles, databaseFingerprint, outcome, paramNames, type RouteFile, urlOf } from "../setup/route-files";
import { ROUTE_CLASSES, type RouteClass } from "./route-classes";

/** Generated cases per route: loader and action each. Small enough for ≤ 90 s per database on two cores. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 5);
const SEED = Number(process.env.FUZZ_SEED ?? 20260601);

// Tables that change on purpose when a request is refused or only read: sessions and the statistics cache,
// the verification check log, and the rate-limit counters (a refused sign-in is counted).
const CHANGES_ON_REFUSAL = ["certificate_checks", "sign_in_attempts", "password_reset_requests"];

const world = {} as {
  cookies: Record<"anonymous" | "trainee" | "staff" | "platform", string | null>;
  ids: {
    centerA: string;
    centerB: string;
    regionA: string;
    regionB: string;
    traineeA: string;
    traineeB: string;
    cohortB: string;
  };
};

beforeAll(async () => {
  await syncFixtureContent();
  const d = await db();
  const [regionA, regionB] = [await makeRegion(d), await makeRegion(d)];
  const [centerA, centerB] = [await makeOrganization(d, regionA.id), await makeOrganization(d, regionB.id)];
  const staff = await makeUser(d, { role: "center_staff", organizationId: centerA.id });
  const platform = await makeUser(d, { role: "platform_admin" });
  const traineeA = await makeUser(d, { role: "trainee", organizationId: centerA.id });
  const traineeB = await makeUser(d, { role: "trainee", organizationId: centerB.id });
  const [cohortB] = await d
    .insert(cohorts)
    .values({
      centerId: centerB.id,
      levelSlug: "junior",
      name: "乙期",
      startsOn: "2026-09-01",
      endsOn: "2026-12-20",
      capacity: 30,
    })
    .returning();
  await d.insert(cohortMembers).values({ cohortId: cohortB!.id, userId: traineeB.id });
  const cookie = async (userId: string) => `${SESSION_COOKIE}=${(await createSession(d, userId)).token}`;
  world.cookies = {
    anonymous: null,
    trainee: await cookie(traineeA.id),
    staff: await cookie(staff.id),
    platform: await cookie(platform.id),
  };
  world.ids = {
    centerA: centerA.id,
    centerB: centerB.id,
    regionA: regionA.id,
    regionB: regionB.id,
    traineeA: traineeA.id,
    traineeB: traineeB.id,
    cohortB: cohortB!.id,
  };
});

const WHO: Record<RouteClass, keyof typeof world.cookies> = {
  public: "anonymous",
  own: "trainee",
  staff: "staff",
  platform: "platform",
  tenant: "staff",
};

/** Malformed text: what a fuzzer types into every field. */
// NUL and invalid Unicode are rarer than the rest: one in a case is enough for the server's guard to refuse
// the whole request, and most cases should reach the route.
const nasty = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      "",
      " ",
      "-1",
      "0",
      "1e309",
      "NaN",
      "null",
      "true",
      "[]",
      "{}",
      "[object Object]",
      "junior",
      "2025-02-30",
      "9999-99-99",
      "<script>alert(1)</script>",
      "' OR 1=1 --",
      "../../etc/passwd",
      "张三",
      "💥".repeat(3),
      "x".repeat(10_000),
      "长".repeat(3000),
    ),
    weight: 6,
  },
  { arbitrary: fc.constantFrom("a\u0000b", "\u0000", "\uD800", "\uFFFD"), weight: 1 },
  { arbitrary: fc.string({ maxLength: 40, unit: "grapheme" }), weight: 3 },
  { arbitrary: fc.integer().map(String), weight: 2 },
  { arbitrary: fc.uuid().map(String), weight: 2 },
);

/** Raw form-encoded values, a few of them not UTF-8 at all. */
const rawValue = fc.oneof(
  { arbitrary: nasty.map((v) => encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, "\uFFFD"))), weight: 12 },
  { arbitrary: fc.constantFrom("%FF%FE", "%C3%28", "%00", "%E0%A4%A", "%"), weight: 1 },
);

/** The field names a route's source knows (zod keys, Conform names) and the intents it answers. */
function formVocabulary(file: string) {
  const source = readFileSync(file, "utf8");
  const fields = new Set(["intent", "id", "userId", "userIds", "cohortId", "levelSlug", "name", "code"]);
  for (const m of source.matchAll(/(\w+):\s*z\./g)) fields.add(m[1]!);
  for (const m of source.matchAll(/name="(\w+)"/g)) fields.add(m[1]!);
  const intents = [...source.matchAll(/z\.literal\("([\w.-]+)"\)/g)].map((m) => m[1]!);
  const json = /request\.json\(\)/.test(source);
  return { fields: [...fields], intents: intents.length ? intents : ["save"], json };
}

function paramArb(name: string) {
  const known: Record<string, string[]> = {
    orgId: [world.ids.centerA, world.ids.centerB],
    regionId: [world.ids.regionA, world.ids.regionB],
    traineeId: [world.ids.traineeB, world.ids.traineeA],
    cohortId: [world.ids.cohortB],
  };
  return fc.oneof(fc.constantFrom(...(known[name] ?? [crypto.randomUUID()])), fc.uuid().map(String), nasty);
}

const casesFor = (route: RouteFile) => {
  const vocabulary = formVocabulary(route.file);
  const params = fc.record(
    Object.fromEntries(paramNames(route.id).map((n) => [n, paramArb(n)])) as Record<string, fc.Arbitrary<string>>,
  );
  const query = fc.array(
    fc.tuple(fc.constantFrom("q", "level", "from", "to", "page", "center", "region", "redirectTo", "status"), rawValue),
    { maxLength: 3 },
  );
  const fields = fc.array(
    fc.tuple(fc.oneof(fc.constantFrom(...vocabulary.fields), fc.string({ maxLength: 12 })), rawValue),
    { maxLength: 8 },
  );
  const intent = fc.option(fc.constantFrom(...vocabulary.intents), { nil: undefined });
  const json = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({
      questionId: nasty,
      part: nasty,
      answer: fc.oneof(nasty, fc.jsonValue()),
      seq: fc.oneof(fc.integer(), nasty),
    }),
  );
  return fc.record({ params, query, fields, intent, json, useJson: fc.boolean().map((b) => b && vocabulary.json) });
};

interface Case {
  params: Record<string, string>;
  query: [string, string][];
  fields: [string, string][];
  intent: string | undefined;
  json: unknown;
  useJson: boolean;
}

const encodePath = (params: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, "\uFFFD"))]),
  );

/** What the generated cases met: the server's guards, or a route's answer by status class. */
const seen: Record<string, number> = {};
function tally(what: string): null {
  seen[what] = (seen[what] ?? 0) + 1;
  return null;
}

/** Runs one case through the server's guards and, when they let it by, the route. Returns what went wrong. */
async function runCase(route: RouteFile, kind: "loader" | "action", c: Case): Promise<string | null> {
  const mod = (await import(/* @vite-ignore */ route.file)) as Partial<
    Record<
      "loader" | "action",
      (args: { request: Request; params: Record<string, string>; context: object }) => unknown
    >
  >;
  const handler = mod[kind];
  if (!handler) return null;
  const path = urlOf(route.id, encodePath(c.params));
  const url = `http://localhost${path}${c.query.length ? `?${c.query.map(([k, v]) => `${k}=${v}`).join("&")}` : ""}`;
  if (hasForbiddenUrl(url.slice("http://localhost".length))) return tally("guard"); // the server answers 400
  const who = world.cookies[WHO[ROUTE_CLASSES[route.id] ?? "public"]];
  const headers: Record<string, string> = { Origin: "http://localhost" };
  if (who) headers.Cookie = who;
  let init: RequestInit = { headers };
  if (kind === "action") {
    const body = c.useJson
      ? JSON.stringify(c.json)
      : [...(c.intent ? [["intent", c.intent] as [string, string]] : []), ...c.fields]
          .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
          .join("&");
    const type = c.useJson ? "application/json" : "application/x-www-form-urlencoded";
    if (hasForbiddenText(Buffer.from(body), type)) return tally("guard"); // the server answers 400
    init = { method: "POST", headers: { ...headers, "Content-Type": type }, body };
  }
  const decodedParams = Object.fromEntries(
    Object.entries(encodePath(c.params)).map(([k, v]) => [k, decodeURIComponent(v)]),
  );
  // Only actions write; a loader's reads are checked for 500s (the isolation matrix fingerprints loaders too).
  const before = kind === "action" ? await databaseFingerprint() : null;
  let request: Request;
  try {
    request = new Request(url, init);
  } catch {
    return tally("guard"); // not even a URL: the HTTP server refuses it
  }
  const got = await outcome(() =>
    handler({ request, params: decodedParams, context: { clientIp: "198.51.100.7", cspNonce: "" } }),
  );
  tally(got.status === null ? "data" : `${Math.floor(got.status / 100)}xx`);
  if (got.status === null && got.detail.startsWith("threw")) return `${kind} ${url}: ${got.detail.slice(0, 300)}`;
  if (got.status !== null && got.status >= 500) return `${kind} ${url}: ${got.status} ${got.detail}`;
  if (before && got.status !== null && got.status >= 400) {
    const after = await databaseFingerprint();
    const changed = Object.keys(after).filter((t) => after[t] !== before[t] && !CHANGES_ON_REFUSAL.includes(t));
    if (changed.length) return `${kind} ${url}: refused with ${got.status} but changed ${changed.join(", ")}`;
  }
  return null;
}

const routes = allRouteFiles().filter((r) => r.id in ROUTE_CLASSES);

afterAll(() => {
  // The suite's size, for docs/security.md: routes × cases, and where the cases ended.
  console.info(`fuzz: ${routes.length} routes × ${RUNS} cases × (loader, action); outcomes ${JSON.stringify(seen)}`);
});

describe("fuzz: every route with malformed input", () => {
  test("the suite covers every classified route", () => {
    expect(routes.length).toBeGreaterThan(60);
  });
  describe.each(routes.map((r) => [r.id, r] as const))("%s", (_id, route) => {
    test.each(["loader", "action"] as const)(
      "%s: no 500, no stack trace, nothing changed on refusal",
      async (kind) => {
        const problems: string[] = [];
        // fc.check, not fc.assert: the report is the problems themselves, not fast-check's (huge) counterexample.
        await fc.check(
          fc.asyncProperty(casesFor(route), async (c) => {
            const problem = await runCase(route, kind, c as Case);
            if (problem) problems.push(problem.length > 600 ? `${problem.slice(0, 600)}…` : problem);
            return problem === null;
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
        expect(problems).toEqual([]);
      },
      60_000,
    );
  });
});
