/**
 * Regression tests for the findings of the attack and fuzz review (issue 15, docs/security.md): each one
 * is the attack as it was tried, and must now fail with a clear answer.
 */
import { desc, eq } from "drizzle-orm";
import { afterEach, describe, expect, test, vi } from "vitest";
import { emailOutbox, passwordTokens } from "#db/schema";
import { createPasswordToken, createSession, resetPassword, signIn } from "~/modules/auth/index.server";
import { parseEnv } from "~/utils/env.server";
import { db } from "~/utils/db.server";
import * as forgotRoute from "~/routes/forgot-password";
import * as outboxRoute from "~/routes/manage.outbox";
import * as ceRoute from "~/routes/manage.organizations.$orgId.trainees.$traineeId_.continuing-education";
import * as homeRoute from "~/routes/_index";
import { getUser } from "~/utils/auth.server";
import { makeOrganization, makeRegion, makeUser, TEST_PASSWORD } from "../setup/factories";
import { syncFixtureContent } from "../setup/content-fixture";
import { outcome } from "../setup/route-outcome";

const cookieOf = async (userId: string) => `tma_session=${(await createSession(await db(), userId)).token}`;

function forgot(identifier: string, options: { host?: string; ip?: string } = {}) {
  const body = new FormData();
  body.set("identifier", identifier);
  const request = new Request(`http://${options.host ?? "localhost:3000"}/forgot-password`, { method: "POST", body });
  return outcome(() =>
    forgotRoute.action({ request, params: {}, context: { clientIp: options.ip ?? "203.0.113.9", cspNonce: "" } }),
  );
}

async function mailsTo(email: string) {
  return (await db()).select().from(emailOutbox).where(eq(emailOutbox.to, email)).orderBy(desc(emailOutbox.createdAt));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("1 · links only from the configured public URL", () => {
  test("APP_URL is required in production, named in the error", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/APP_URL/);
    expect(parseEnv({ NODE_ENV: "production", APP_URL: "https://academy.example.cn" }).APP_URL).toBe(
      "https://academy.example.cn",
    );
  });

  test("a forged Host header does not reach the reset link", async () => {
    const user = await makeUser(await db());
    await forgot(user.email!, { host: "evil.example" });
    const [mail] = await mailsTo(user.email!);
    expect(mail?.text).toContain("/reset-password/");
    expect(mail?.text).not.toContain("evil.example");
  });
});

describe("2 · a reset ends every open token of the account", () => {
  test("an earlier link no longer changes the password", async () => {
    const d = await db();
    const user = await makeUser(d);
    const first = await createPasswordToken(d, user.id, "reset");
    const second = await createPasswordToken(d, user.id, "reset");
    expect((await resetPassword(d, { token: second, newPassword: "a new password 1" })).ok).toBe(true);
    expect((await resetPassword(d, { token: first, newPassword: "attacker's password" })).ok).toBe(false);
    const ip = "198.51.100.2";
    expect((await signIn(d, { identifier: user.email!, password: "a new password 1", ip })).ok).toBe(true);
  });
});

describe("3 · forgot-password is limited, with the same answer either way", () => {
  test("twenty requests for one account queue at most a few e-mails and tokens", async () => {
    const d = await db();
    const user = await makeUser(d);
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await forgot(user.email!, { ip: `192.0.2.${i}` }));
    expect(answers.every((a) => a.status === 200 && (a.body as { sent: boolean }).sent)).toBe(true);
    expect((await mailsTo(user.email!)).length).toBeLessThanOrEqual(3);
    const tokens = await d.select().from(passwordTokens).where(eq(passwordTokens.userId, user.id));
    expect(tokens.length).toBeLessThanOrEqual(3);
  });

  test("one address asking for many accounts is limited too; unknown accounts get the same answer", async () => {
    const d = await db();
    const users = [];
    for (let i = 0; i < 12; i++) users.push(await makeUser(d));
    const unknown = await forgot("nobody-here@example.cn", { ip: "192.0.2.200" });
    expect(unknown).toMatchObject({ status: 200, body: { sent: true } });
    for (const u of users)
      expect(await forgot(u.email!, { ip: "192.0.2.200" })).toMatchObject({ status: 200, body: { sent: true } });
    let mailed = 0;
    for (const u of users) mailed += (await mailsTo(u.email!)).length;
    expect(mailed).toBeLessThan(12);
  });
});

describe("7 · constraint errors become field errors", () => {
  test("continuing education with an unknown level", async () => {
    await syncFixtureContent();
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
    const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
    const body = new FormData();
    for (const [k, v] of Object.entries({
      levelSlug: "master",
      hours: "5",
      activity: "研讨会",
      completedOn: "2025-01-01",
    }))
      body.set(k, v);
    const request = new Request(
      `http://localhost/manage/organizations/${center.id}/trainees/${trainee.id}/continuing-education`,
      { method: "POST", headers: { Cookie: await cookieOf(staff.id) }, body },
    );
    const got = await outcome(() =>
      ceRoute.action({ request, params: { orgId: center.id, traineeId: trainee.id }, context: {} }),
    );
    expect(got.status).toBe(400);
    expect(JSON.stringify(got.body)).toContain("levelSlug");
  });
});

describe("8 · one sign-in lock per account, whatever identifier", () => {
  test("with the e-mail locked, the mobile number is locked too", async () => {
    const d = await db();
    const user = await makeUser(d, { email: `lock-${Date.now()}@example.cn`, phone: "13700137000" });
    for (let i = 0; i < 5; i++) await signIn(d, { identifier: user.email!, password: "wrong", ip: `10.0.0.${i}` });
    const byPhone = await signIn(d, { identifier: "137 0013 7000", password: TEST_PASSWORD, ip: "10.0.1.1" });
    expect(byPhone).toMatchObject({ ok: false, reason: "limited" });
  });
});

describe("6 · a session cookie with NUL or invalid bytes is signed out", () => {
  // As they arrive in the Cookie header: a NUL, a percent-encoded NUL, invalid UTF-8, a very long value.
  test.each(["abc%00def.xyz", "%00.%00", "%FF%FE.%C3%28", "a".repeat(5000)])("cookie %#", async (token) => {
    const request = new Request("http://localhost/", { headers: { Cookie: `tma_session=${token}` } });
    expect(await getUser(request)).toBeNull();
    const got = await outcome(() => Promise.resolve(homeRoute.loader?.({ request, params: {}, context: {} } as never)));
    expect(got.status).toBeLessThan(500);
  });
});

describe("11 · every cookie Secure in production", () => {
  test("the language cookie", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("APP_URL", "https://academy.example.cn");
    // The cookie's options are read when the module loads, as in a production process.
    vi.resetModules();
    const setLanguageRoute = await import("~/routes/set-language");
    const body = new FormData();
    body.set("language", "en");
    const got = await outcome(() =>
      setLanguageRoute.action({
        request: new Request("http://localhost/set-language", { method: "POST", body }),
        params: {},
        context: {},
      }),
    );
    expect(got.headers.get("Set-Cookie")).toMatch(/;\s*Secure/i);
  });
});

describe("12 · the outbox masks tokens in links", () => {
  test("a set-password link is not shown whole to platform admins", async () => {
    const d = await db();
    const admin = await makeUser(d, { role: "platform_admin" });
    const user = await makeUser(d);
    await forgot(user.email!, { ip: "192.0.2.77" });
    const [mail] = await mailsTo(user.email!);
    const token = /reset-password\/([A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
    const request = new Request("http://localhost/manage/outbox", { headers: { Cookie: await cookieOf(admin.id) } });
    const got = await outcome(() => outboxRoute.loader({ request, params: {}, context: {} }));
    expect(got.status).toBe(200);
    const shown = JSON.stringify(got.body);
    expect(shown).toContain("/reset-password/");
    expect(shown).not.toContain(token);
  });
});
