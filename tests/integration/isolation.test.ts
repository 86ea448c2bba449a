/**
 * The isolation matrix: a center's staff can read, export or change nothing of another center, and a
 * region admin nothing outside their region, through ANY route. Every route file under app/routes whose
 * URL carries a center, region, trainee or cohort id is found at test time (so routes added later are
 * covered without editing this file); its loader and action are called as the outsider with the other
 * center's ids, and must answer 403 or 404 while the database stays exactly as it was.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { cohortMembers, cohorts, examSessions } from "#db/schema";
import { createSession } from "~/modules/auth/index.server";
import { SESSION_COOKIE } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";

const ROUTES_DIR = path.resolve("app/routes");
const SCOPED = /\$(orgId|regionId|traineeId|cohortId)(?![A-Za-z])/;

interface RouteFile {
  id: string;
  file: string;
}

/** Route modules as Remix's flat routes see them: files, or folders with a route.ts(x). */
function routeFiles(): RouteFile[] {
  const out: RouteFile[] = [];
  for (const entry of readdirSync(ROUTES_DIR)) {
    const full = path.join(ROUTES_DIR, entry);
    if (statSync(full).isDirectory()) {
      const inner = ["route.tsx", "route.ts"].map((f) => path.join(full, f)).find((f) => existsSync(f));
      if (inner) out.push({ id: entry, file: inner });
    } else if (/\.(tsx?|jsx?)$/.test(entry) && !/\.test\.|\.server\./.test(entry)) {
      out.push({ id: entry.replace(/\.(tsx?|jsx?)$/, ""), file: full });
    }
  }
  return out.filter((r) => SCOPED.test(r.id));
}

/** The URL path of a flat route id with its params filled: `a.$x_.b[.]csv` → `/a/<x>/b.csv`. */
function urlOf(id: string, params: Record<string, string>) {
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  for (const ch of id) {
    if (ch === "[") escaped = true;
    else if (ch === "]") escaped = false;
    else if (ch === "." && !escaped) {
      segments.push(current);
      current = "";
    } else current += ch;
  }
  segments.push(current);
  const parts = segments
    .filter((s) => s !== "_index" && !s.startsWith("_"))
    .map((s) => s.replace(/_$/, ""))
    .map((s) => (s.startsWith("$") ? params[s.slice(1)] ?? "" : s));
  return `/${parts.join("/")}`;
}

/** The names of the params a route id carries. */
const paramNames = (id: string) => [...id.matchAll(/\$([A-Za-z]+)/g)].map((m) => m[1]!);

/** Whatever a loader or action ends with: a thrown or returned Response, or data (which must not happen). */
async function outcome(run: () => unknown): Promise<{ status: number | null; detail: string }> {
  try {
    const result = await run();
    if (result instanceof Response) return { status: result.status, detail: "returned" };
    const init = (result as { init?: { status?: number } } | null)?.init;
    if (init?.status) return { status: init.status, detail: "returned data()" };
    return { status: null, detail: `returned data: ${JSON.stringify(result)?.slice(0, 200)}` };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, detail: `threw ${error.headers.get("Location") ?? ""}` };
    const e = error as { status?: number; init?: { status?: number } };
    if (typeof e?.init?.status === "number") return { status: e.init.status, detail: "threw data()" };
    return { status: null, detail: `threw ${String(error)}` };
  }
}

/** Every table's content as a checksum (sessions and the statistics cache aside: they change on reads). */
async function databaseFingerprint() {
  const d = await db();
  const result = await d.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
  const names = ((Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { table_name: string }[])
    .map((r) => r.table_name)
    .filter((n) => !["sessions", "statistics_facts", "statistics_snapshots", "__drizzle_migrations"].includes(n));
  const sums: Record<string, string> = {};
  for (const name of names) {
    const r = await d.execute(sql.raw(`select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as fp from "${name}" t`));
    sums[name] = ((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { fp: string }[])[0]!.fp;
  }
  return sums;
}

const routes = routeFiles();
const world = {} as {
  cookies: Record<"staffA" | "regionAdminA", string>;
  ids: { centerA: string; centerB: string; regionA: string; regionB: string; traineeB: string; cohortB: string; sessionB: string };
};

beforeAll(async () => {
  await syncFixtureContent();
  const d = await db();
  const regionA = await makeRegion(d);
  const regionB = await makeRegion(d);
  const centerA = await makeOrganization(d, regionA.id);
  const centerB = await makeOrganization(d, regionB.id);
  const staffA = await makeUser(d, { role: "center_staff", organizationId: centerA.id });
  const regionAdminA = await makeUser(d, { role: "region_admin", regionId: regionA.id });
  await makeUser(d, { role: "trainee", organizationId: centerA.id });
  await makeUser(d, { role: "center_staff", organizationId: centerB.id });
  await makeUser(d, { role: "region_admin", regionId: regionB.id });
  const traineeB = await makeUser(d, { role: "trainee", organizationId: centerB.id });
  const [cohortB] = await d.insert(cohorts).values({ centerId: centerB.id, levelSlug: "junior", name: "乙基地第1期", startsOn: "2026-09-01", endsOn: "2026-12-20", capacity: 30 }).returning();
  await d.insert(cohortMembers).values({ cohortId: cohortB!.id, userId: traineeB.id });
  const [sessionB] = await d
    .insert(examSessions)
    .values({ centerId: centerB.id, levelSlug: "junior", cohortId: cohortB!.id, name: "乙基地考试", opensAt: new Date(Date.now() - 3600_000), closesAt: new Date(Date.now() + 86_400_000) })
    .returning();
  const cookie = async (userId: string) => `${SESSION_COOKIE}=${(await createSession(d, userId)).token}`;
  world.cookies = { staffA: await cookie(staffA.id), regionAdminA: await cookie(regionAdminA.id) };
  world.ids = { centerA: centerA.id, centerB: centerB.id, regionA: regionA.id, regionB: regionB.id, traineeB: traineeB.id, cohortB: cohortB!.id, sessionB: sessionB!.id };
});

/** The other side's ids for every param; `ownCenter` keeps the outsider's own center in $orgId. */
function paramsFor(id: string, ownCenter: boolean): Record<string, string> {
  const known: Record<string, string> = {
    orgId: ownCenter ? world.ids.centerA : world.ids.centerB,
    regionId: world.ids.regionB,
    traineeId: world.ids.traineeB,
    cohortId: world.ids.cohortB,
    sessionId: world.ids.sessionB,
  };
  return Object.fromEntries(paramNames(id).map((name) => [name, known[name] ?? crypto.randomUUID()]));
}

async function expectRefused(route: RouteFile, who: "staffA" | "regionAdminA", ownCenter: boolean) {
  const mod = (await import(/* @vite-ignore */ route.file)) as {
    loader?: (args: { request: Request; params: Record<string, string>; context: object }) => unknown;
    action?: (args: { request: Request; params: Record<string, string>; context: object }) => unknown;
  };
  const params = paramsFor(route.id, ownCenter);
  const url = `http://localhost${urlOf(route.id, params)}`;
  const headers = { Cookie: world.cookies[who], Origin: "http://localhost" };
  const before = await databaseFingerprint();
  const seen: string[] = [];
  if (mod.loader) {
    const got = await outcome(() => mod.loader!({ request: new Request(url, { headers }), params, context: {} }));
    if (got.status !== 403 && got.status !== 404) seen.push(`loader ${url}: ${got.status} ${got.detail}`);
  }
  if (mod.action) {
    // Whatever the form asks — closing, adding, removing, grading — it is refused before it is read.
    const form = new FormData();
    for (const [k, v] of Object.entries({ intent: "close", userId: world.ids.traineeB, userIds: world.ids.traineeB, cohortId: world.ids.cohortB, levelSlug: "junior", name: "越权" })) form.set(k, v);
    const got = await outcome(() => mod.action!({ request: new Request(url, { method: "POST", headers, body: form }), params, context: {} }));
    if (got.status !== 403 && got.status !== 404) seen.push(`action ${url}: ${got.status} ${got.detail}`);
  }
  expect(seen, `${route.id} as ${who}`).toEqual([]);
  expect(await databaseFingerprint(), `${route.id} as ${who} changed the database`).toEqual(before);
}

describe("isolation between centers and regions, route by route", () => {
  test("the matrix finds the scoped routes (and maps their file names to URLs)", () => {
    expect(routes.map((r) => r.id)).toEqual(expect.arrayContaining(["manage.organizations.$orgId.cohorts.$cohortId", "manage.organizations.$orgId.dashboard[.]csv", "manage.regions.$regionId_.dashboard", "manage.organizations.$orgId.trainees.$traineeId_.password-link", "manage.organizations.$orgId.password-links"]));
    expect(urlOf("manage.organizations.$orgId.dashboard[.]csv", { orgId: "X" })).toBe("/manage/organizations/X/dashboard.csv");
    expect(urlOf("manage.regions.$regionId_.dashboard", { regionId: "R" })).toBe("/manage/regions/R/dashboard");
    expect(urlOf("manage.organizations.$orgId._index", { orgId: "X" })).toBe("/manage/organizations/X");
  });

  describe.each(routes.map((r) => [r.id, r] as const))("%s", (_id, route) => {
    test("another center's staff are refused with the other center's ids", () => expectRefused(route, "staffA", false));
    test("a region admin is refused outside their region", () => expectRefused(route, "regionAdminA", false));
    if (/\$orgId/.test(route.id) && paramNames(route.id).length > 1)
      test("through their own center, another center's records are not found", async () => {
        await expectRefused(route, "staffA", true);
        await expectRefused(route, "regionAdminA", true);
      });
  });
});
