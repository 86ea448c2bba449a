/**
 * The isolation matrix: a center's staff can read, export or change nothing of another center, and a
 * region admin nothing outside their region, through ANY route. Every route file under app/routes whose
 * URL carries a center, region, trainee or cohort id is found at test time (so routes added later are
 * covered without editing this file); its loader and action are called as the outsider with the other
 * center's ids, and must answer 403 or 404 while the database stays exactly as it was.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { cohortMembers, cohorts, examSessions } from "#db/schema";
import { createSession } from "~/modules/auth/index.server";
import { SESSION_COOKIE } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import {
  allRouteFiles,
  databaseFingerprint,
  outcome,
  paramNames,
  type RouteFile,
  SCOPED,
  urlOf,
} from "../setup/route-files";
import { ROUTE_CLASSES } from "./route-classes";

const routes = allRouteFiles().filter((r) => SCOPED.test(r.id));
const world = {} as {
  cookies: Record<"staffA" | "regionAdminA" | "traineeA", string>;
  ids: {
    centerA: string;
    centerB: string;
    regionA: string;
    regionB: string;
    traineeB: string;
    cohortB: string;
    sessionB: string;
  };
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
  const traineeA = await makeUser(d, { role: "trainee", organizationId: centerA.id });
  await makeUser(d, { role: "center_staff", organizationId: centerB.id });
  await makeUser(d, { role: "region_admin", regionId: regionB.id });
  const traineeB = await makeUser(d, { role: "trainee", organizationId: centerB.id });
  const [cohortB] = await d
    .insert(cohorts)
    .values({
      centerId: centerB.id,
      levelSlug: "junior",
      name: "乙基地第1期",
      startsOn: "2026-09-01",
      endsOn: "2026-12-20",
      capacity: 30,
    })
    .returning();
  await d.insert(cohortMembers).values({ cohortId: cohortB!.id, userId: traineeB.id });
  const [sessionB] = await d
    .insert(examSessions)
    .values({
      centerId: centerB.id,
      levelSlug: "junior",
      cohortId: cohortB!.id,
      name: "乙基地考试",
      opensAt: new Date(Date.now() - 3600_000),
      closesAt: new Date(Date.now() + 86_400_000),
    })
    .returning();
  const cookie = async (userId: string) => `${SESSION_COOKIE}=${(await createSession(d, userId)).token}`;
  world.cookies = {
    staffA: await cookie(staffA.id),
    regionAdminA: await cookie(regionAdminA.id),
    traineeA: await cookie(traineeA.id),
  };
  world.ids = {
    centerA: centerA.id,
    centerB: centerB.id,
    regionA: regionA.id,
    regionB: regionB.id,
    traineeB: traineeB.id,
    cohortB: cohortB!.id,
    sessionB: sessionB!.id,
  };
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
    for (const [k, v] of Object.entries({
      intent: "close",
      userId: world.ids.traineeB,
      userIds: world.ids.traineeB,
      cohortId: world.ids.cohortB,
      levelSlug: "junior",
      name: "越权",
    }))
      form.set(k, v);
    const got = await outcome(() =>
      mod.action!({ request: new Request(url, { method: "POST", headers, body: form }), params, context: {} }),
    );
    if (got.status !== 403 && got.status !== 404) seen.push(`action ${url}: ${got.status} ${got.detail}`);
  }
  expect(seen, `${route.id} as ${who}`).toEqual([]);
  expect(await databaseFingerprint(), `${route.id} as ${who} changed the database`).toEqual(before);
}

describe("isolation between centers and regions, route by route", () => {
  test("the matrix finds the scoped routes (and maps their file names to URLs)", () => {
    expect(routes.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        "manage.organizations.$orgId.cohorts.$cohortId",
        "manage.organizations.$orgId.dashboard[.]csv",
        "manage.regions.$regionId_.dashboard",
        "manage.organizations.$orgId.trainees.$traineeId_.password-link",
        "manage.organizations.$orgId.password-links",
      ]),
    );
    expect(urlOf("manage.organizations.$orgId.dashboard[.]csv", { orgId: "X" })).toBe(
      "/manage/organizations/X/dashboard.csv",
    );
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

/**
 * Every route file is classified (tests/integration/route-classes.ts) and checked by its class: a route added
 * without a line there fails here, with what to do.
 */
type Who = "anonymous" | "traineeA" | "staffA" | "regionAdminA";

async function answers(route: RouteFile, who: Who) {
  const mod = (await import(/* @vite-ignore */ route.file)) as {
    loader?: (args: { request: Request; params: Record<string, string>; context: object }) => unknown;
    action?: (args: { request: Request; params: Record<string, string>; context: object }) => unknown;
  };
  const params = Object.fromEntries(paramNames(route.id).map((n) => [n, crypto.randomUUID()]));
  const url = `http://localhost${urlOf(route.id, params)}`;
  const headers: Record<string, string> = { Origin: "http://localhost" };
  if (who !== "anonymous") headers.Cookie = world.cookies[who];
  const context = { clientIp: "192.0.2.55", cspNonce: "" };
  const got: { loader?: Awaited<ReturnType<typeof outcome>>; action?: Awaited<ReturnType<typeof outcome>> } = {};
  if (mod.loader)
    got.loader = await outcome(() => mod.loader!({ request: new Request(url, { headers }), params, context }));
  if (mod.action) {
    const form = new FormData();
    form.set("intent", "close");
    got.action = await outcome(() =>
      mod.action!({ request: new Request(url, { method: "POST", headers, body: form }), params, context }),
    );
  }
  return got;
}

/** Refused: 401/403/404/405, or sent to sign-in (or away from a page that is not theirs). */
const refused = (o: { status: number | null; detail: string } | undefined) =>
  !o || [401, 403, 404, 405].includes(o.status ?? 0) || (o.status !== null && o.status >= 300 && o.status < 400);
const toSignIn = (o: { status: number | null; detail: string } | undefined) =>
  !o || (o.status === 302 && o.detail.includes("/login")) || o.status === 401 || o.status === 404 || o.status === 405;

describe("every route is classified and checked by its class", () => {
  const all = allRouteFiles();
  test("each route file has a class in tests/integration/route-classes.ts", () => {
    const missing = all.map((r) => r.id).filter((id) => !(id in ROUTE_CLASSES));
    expect(
      missing,
      "Classify these routes in tests/integration/route-classes.ts (public, own, staff, platform or tenant; see docs/security.md)",
    ).toEqual([]);
    const stale = Object.keys(ROUTE_CLASSES).filter((id) => !all.some((r) => r.id === id));
    expect(stale, "These classified routes no longer exist: remove their lines").toEqual([]);
  });
  test("a route with a center, region, trainee or cohort id in its URL is classified tenant (the matrix above checks it)", () => {
    const wrong = all
      .filter((r) => SCOPED.test(r.id) !== (ROUTE_CLASSES[r.id] === "tenant"))
      .map((r) => `${r.id}: ${ROUTE_CLASSES[r.id]}`);
    expect(wrong).toEqual([]);
  });

  const byClass = (c: string) => all.filter((r) => ROUTE_CLASSES[r.id] === c).map((r) => [r.id, r] as const);
  describe.each(byClass("own"))("own · %s", (_id, route) => {
    test("anonymous visitors go to sign-in; another person's unknown ids are not found", async () => {
      const before = await databaseFingerprint();
      const anon = await answers(route, "anonymous");
      expect(
        [anon.loader, anon.action].filter((o) => !toSignIn(o)),
        route.id,
      ).toEqual([]);
      const other = await answers(route, "staffA");
      expect(
        [other.loader, other.action].filter((o) => o && o.status !== null && o.status >= 500),
        route.id,
      ).toEqual([]);
      expect(await databaseFingerprint()).toEqual(before);
    });
  });
  describe.each([...byClass("staff"), ...byClass("platform")])("staff or platform · %s", (_id, route) => {
    test("anonymous visitors go to sign-in and trainees are refused", async () => {
      const before = await databaseFingerprint();
      const anon = await answers(route, "anonymous");
      expect(
        [anon.loader, anon.action].filter((o) => !toSignIn(o)),
        route.id,
      ).toEqual([]);
      const trainee = await answers(route, "traineeA");
      expect(
        [trainee.loader, trainee.action].filter((o) => !refused(o)),
        route.id,
      ).toEqual([]);
      expect(await databaseFingerprint()).toEqual(before);
    });
  });
  describe.each(byClass("platform"))("platform · %s", (_id, route) => {
    test("center staff and region admins are refused", async () => {
      const before = await databaseFingerprint();
      for (const who of ["staffA", "regionAdminA"] as const) {
        const got = await answers(route, who);
        expect(
          [got.loader, got.action].filter((o) => !refused(o)),
          `${route.id} as ${who}`,
        ).toEqual([]);
      }
      expect(await databaseFingerprint()).toEqual(before);
    });
  });
  describe.each(byClass("public"))("public · %s", (_id, route) => {
    test("anonymous visitors get an answer, never a 500", async () => {
      const anon = await answers(route, "anonymous");
      expect(
        [anon.loader, anon.action].filter(
          (o) => o && (o.status === null ? o.detail.startsWith("threw") : o.status >= 500),
        ),
        route.id,
      ).toEqual([]);
    });
  });
});
