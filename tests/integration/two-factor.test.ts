/**
 * The second factor through the routes (issue 15, point 2; docs/security.md, "Second factor"): the code step
 * after the password, what a session waiting for its code can reach, the lock, and the platform's policy that
 * sends admins, region admins and content reviewers to enrol before anything else.
 */
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createSession } from "~/modules/auth/index.server";
import * as loginRoute from "~/routes/login";
import * as logoutRoute from "~/routes/logout";
import * as homeRoute from "~/routes/_index";
import * as accountRoute from "~/routes/account";
import * as signInStepRoute from "~/routes/sign-in.two-factor";
import * as settingsRoute from "~/routes/account_.two-factor";
import { getSession } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { makeOrganization, makeRegion, makeUser, TEST_PASSWORD } from "../setup/factories";

type Handler = (args: ActionFunctionArgs) => unknown;
interface Outcome {
  status: number;
  location: string | null;
  cookie: string | null;
  body: Record<string, unknown>;
}

/** Calls a loader or action as Remix would, and reads whatever it ended with (returned or thrown). */
async function call(
  handler: Handler,
  path: string,
  options: { cookie?: string; form?: Record<string, string> } = {},
): Promise<Outcome> {
  const headers: Record<string, string> = { Origin: "http://localhost" };
  if (options.cookie) headers.Cookie = options.cookie;
  let body: FormData | undefined;
  if (options.form) {
    body = new FormData();
    for (const [k, v] of Object.entries(options.form)) body.set(k, v);
  }
  const request = new Request(`http://localhost${path}`, { method: body ? "POST" : "GET", headers, body });
  let value: unknown;
  try {
    const context = { clientIp: "203.0.113.20", cspNonce: "" } as ActionFunctionArgs["context"];
    value = await handler({ request, params: {}, context });
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response)
    return {
      status: value.status,
      location: value.headers.get("Location"),
      cookie: value.headers.get("Set-Cookie"),
      body: {},
    };
  const wrapped = value as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (wrapped?.type === "DataWithResponseInit")
    return {
      status: wrapped.init?.status ?? 200,
      location: null,
      cookie: null,
      body: wrapped.data as Record<string, unknown>,
    };
  return {
    status: 200,
    location: null,
    cookie: null,
    body: (value ?? {}) as Record<string, unknown>,
  };
}

const sessionCookieOf = (setCookie: string | null) => /tma_session=[^;]+/.exec(setCookie ?? "")?.[0] ?? "";
const codeFor = (key: Uint8Array) => generateTOTP(key, 30, 6);

/** An account with its authenticator turned on through the settings page, as a person does it. */
async function enrolThroughThePage(role: "platform_admin" | "trainee" = "platform_admin") {
  const d = await db();
  const user = await makeUser(d, { role });
  const cookie = `tma_session=${(await createSession(d, user.id)).token}`;
  expect((await call(settingsRoute.action, "/account/two-factor", { cookie, form: { intent: "begin" } })).status).toBe(
    200,
  );
  const page = await call(settingsRoute.loader, "/account/two-factor", { cookie });
  const enrolment = page.body.enrolment as { secret: string; uri: string };
  const key = decodeBase32IgnorePadding(enrolment.secret.replace(/ /g, ""));
  const confirmed = await call(settingsRoute.action, "/account/two-factor", {
    cookie,
    form: { intent: "confirm", code: codeFor(key) },
  });
  expect(confirmed.status).toBe(200);
  const recoveryCodes = confirmed.body.recoveryCodes as string[];
  expect(recoveryCodes).toHaveLength(10);
  return { user, key, recoveryCodes, cookie };
}

async function signInWithPassword(email: string, redirectTo = "/account") {
  return call(loginRoute.action, "/login", { form: { identifier: email, password: TEST_PASSWORD, redirectTo } });
}

describe("signing in with a second factor", () => {
  test("the password opens only the code step; a wrong code is refused; the right one goes where they were going", async () => {
    const { user, key } = await enrolThroughThePage();
    // The enrolment's code was just used: wait for the next 30-second step rather than replay it.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 30_000 });
    try {
      const login = await signInWithPassword(user.email!, "/account");
      expect(login.status).toBe(302);
      expect(login.location).toBe("/sign-in/two-factor?redirectTo=%2Faccount");
      const cookie = sessionCookieOf(login.cookie);
      expect(cookie).not.toBe("");

      // Waiting for its code, the session is signed in nowhere else: pages send it to the code step…
      const account = await call(accountRoute.loader, "/account", { cookie });
      expect(account).toMatchObject({ status: 302, location: "/sign-in/two-factor?redirectTo=%2Faccount" });
      const settings = await call(settingsRoute.loader, "/account/two-factor", { cookie });
      expect(settings.location).toMatch(/^\/sign-in\/two-factor/);
      // …and the home page and the header see nobody signed in.
      expect(await getSession(new Request("http://localhost/", { headers: { Cookie: cookie } }))).toMatchObject({
        twoFactor: "pending",
      });
      expect((await call(homeRoute.loader, "/", { cookie })).body).toEqual({ path: null, staff: null });

      expect((await call(signInStepRoute.loader, "/sign-in/two-factor?redirectTo=%2Faccount", { cookie })).status).toBe(
        200,
      );
      const code = codeFor(key);
      const wrong = code === "000000" ? "000001" : "000000";
      const refused = await call(signInStepRoute.action, "/sign-in/two-factor", {
        cookie,
        form: { code: wrong, redirectTo: "/account" },
      });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain("twoFactor.errors.invalid");

      const passed = await call(signInStepRoute.action, "/sign-in/two-factor", {
        cookie,
        form: { code, redirectTo: "/account" },
      });
      expect(passed).toMatchObject({ status: 302, location: "/account" });
      expect((await call(accountRoute.loader, "/account", { cookie })).status).toBe(200);
      // Done with the code step: it sends a signed-in person on.
      expect((await call(signInStepRoute.loader, "/sign-in/two-factor", { cookie })).location).toBe("/");
    } finally {
      vi.useRealTimers();
    }
  });

  test("an account without an authenticator signs in with its password alone", async () => {
    const user = await makeUser(await db(), { role: "trainee" });
    const login = await signInWithPassword(user.email!, "/learn");
    expect(login).toMatchObject({ status: 302, location: "/learn" });
    // Nobody without a pending session has anything to do at the code step.
    expect((await call(signInStepRoute.loader, "/sign-in/two-factor")).location).toBe("/login");
  });

  test("repeated wrong codes lock the code step with a message that says when to try again", async () => {
    const { user, key } = await enrolThroughThePage();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 30_000 });
    try {
      const cookie = sessionCookieOf((await signInWithPassword(user.email!)).cookie);
      const code = codeFor(key);
      const wrong = code === "000000" ? "000001" : "000000";
      for (let i = 0; i < 5; i++)
        expect(
          (await call(signInStepRoute.action, "/sign-in/two-factor", { cookie, form: { code: wrong } })).status,
        ).toBe(400);
      const locked = await call(signInStepRoute.action, "/sign-in/two-factor", { cookie, form: { code } });
      expect(locked.status).toBe(429);
      expect(String(locked.body.message)).toMatch(/请于 .+（北京时间）之后再试/);
      expect(await getSession(new Request("http://localhost/", { headers: { Cookie: cookie } }))).toMatchObject({
        twoFactor: "pending",
      });
    } finally {
      vi.useRealTimers();
    }
  });

  test("a recovery code completes sign-in once, and the settings page then says how many are left", async () => {
    const { user, recoveryCodes } = await enrolThroughThePage();
    const cookie = sessionCookieOf((await signInWithPassword(user.email!)).cookie);
    const used = await call(signInStepRoute.action, "/sign-in/two-factor", {
      cookie,
      form: { code: recoveryCodes[0]!, redirectTo: "/account" },
    });
    expect(used).toMatchObject({
      status: 302,
      location: "/account/two-factor?notice=recoveryUsed&redirectTo=%2Faccount",
    });
    const settings = await call(settingsRoute.loader, "/account/two-factor?notice=recoveryUsed", { cookie });
    expect(settings.body.status).toMatchObject({ enabled: true, recoveryCodesLeft: 9 });

    const again = sessionCookieOf((await signInWithPassword(user.email!)).cookie);
    const reused = await call(signInStepRoute.action, "/sign-in/two-factor", {
      cookie: again,
      form: { code: recoveryCodes[0]! },
    });
    expect(reused.status).toBe(400);
  });

  test("a session waiting for its code can sign out", async () => {
    const { user } = await enrolThroughThePage();
    const cookie = sessionCookieOf((await signInWithPassword(user.email!)).cookie);
    const out = await call(logoutRoute.action, "/logout", { cookie, form: {} });
    expect(out.status).toBe(302);
    expect(await getSession(new Request("http://localhost/", { headers: { Cookie: cookie } }))).toBeNull();
  });

  test("the settings page refuses an unknown action and a malformed code with a message, not a 500", async () => {
    const { cookie } = await enrolThroughThePage("trainee");
    const unknown = await call(settingsRoute.action, "/account/two-factor", { cookie, form: { intent: "close" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe("无法识别的操作，请刷新页面后重试");
    const empty = await call(settingsRoute.action, "/account/two-factor", {
      cookie,
      form: { intent: "disable", code: "" },
    });
    expect(empty.status).toBe(400);
    const long = await call(settingsRoute.action, "/account/two-factor", {
      cookie,
      form: { intent: "disable", code: "9".repeat(500) },
    });
    expect(long.status).toBe(400);
  });
});

describe("the platform's policy (REQUIRE_TWO_FACTOR)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  /** The routes as a process started with REQUIRE_TWO_FACTOR=<value> loads them. */
  async function routesWith(value: "true" | "false") {
    vi.stubEnv("REQUIRE_TWO_FACTOR", value);
    vi.resetModules();
    return {
      audit: await import("~/routes/manage.audit"),
      home: await import("~/routes/_index"),
      account: await import("~/routes/account"),
      settings: await import("~/routes/account_.two-factor"),
      login: await import("~/routes/login"),
    };
  }

  test("platform admins, region admins and content reviewers without an authenticator are sent to enrol first", async () => {
    const routes = await routesWith("true");
    const d = await db();
    const region = await makeRegion(d);
    const body = await makeOrganization(d, region.id);
    const people = [
      await makeUser(d, { role: "platform_admin" }),
      await makeUser(d, { role: "region_admin", regionId: region.id }),
      await makeUser(d, { role: "content_reviewer", organizationId: body.id }),
    ];
    for (const person of people) {
      const cookie = `tma_session=${(await createSession(d, person.id)).token}`;
      const home = await call(routes.home.loader, "/", { cookie });
      expect(home, person.email!).toMatchObject({ status: 302, location: "/account/two-factor?redirectTo=%2F" });
      const account = await call(routes.account.loader, "/account", { cookie });
      expect(account.location).toBe("/account/two-factor?redirectTo=%2Faccount");
      const settings = await call(routes.settings.loader, "/account/two-factor", { cookie });
      expect(settings.status).toBe(200);
      expect(settings.body.required).toBe(true);
    }
    const cookie = `tma_session=${(await createSession(d, people[0]!.id)).token}`;
    expect((await call(routes.audit.loader, "/manage/audit", { cookie })).location).toBe(
      "/account/two-factor?redirectTo=%2Fmanage%2Faudit",
    );
  });

  test("signing in as such an admin leads to enrolment; once enrolled, the admin goes where they were going", async () => {
    const routes = await routesWith("true");
    const d = await db();
    const admin = await makeUser(d, { role: "platform_admin" });
    const login = await call(routes.login.action, "/login", {
      form: { identifier: admin.email!, password: TEST_PASSWORD, redirectTo: "/manage/audit" },
    });
    expect(login.location).toBe("/manage/audit");
    const cookie = sessionCookieOf(login.cookie);
    expect((await call(routes.audit.loader, "/manage/audit", { cookie })).location).toBe(
      "/account/two-factor?redirectTo=%2Fmanage%2Faudit",
    );

    await call(routes.settings.action, "/account/two-factor", { cookie, form: { intent: "begin" } });
    const page = await call(routes.settings.loader, "/account/two-factor", { cookie });
    const key = decodeBase32IgnorePadding((page.body.enrolment as { secret: string }).secret.replace(/ /g, ""));
    const confirmed = await call(routes.settings.action, "/account/two-factor", {
      cookie,
      form: { intent: "confirm", code: codeFor(key) },
    });
    expect(confirmed.body.notice).toBe("enabled");
    expect((await call(routes.audit.loader, "/manage/audit", { cookie })).status).toBe(200);
  });

  test("trainees, center staff and employers are not asked; with the policy off nobody is", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    let routes = await routesWith("true");
    for (const person of [
      await makeUser(d, { role: "trainee", organizationId: center.id }),
      await makeUser(d, { role: "center_staff", organizationId: center.id }),
    ]) {
      const cookie = `tma_session=${(await createSession(d, person.id)).token}`;
      expect((await call(routes.account.loader, "/account", { cookie })).status).toBe(200);
    }
    routes = await routesWith("false");
    const admin = await makeUser(d, { role: "platform_admin" });
    const cookie = `tma_session=${(await createSession(d, admin.id)).token}`;
    expect((await call(routes.audit.loader, "/manage/audit", { cookie })).status).toBe(200);
    expect((await call(routes.home.loader, "/", { cookie })).status).toBe(200);
  });
});
