import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { memberships, sessions, totpCredentials } from "#db/schema";
import {
  createSession,
  SESSION_ACTIVITY_CHECK_MS,
  SESSION_INACTIVITY_MS,
  validateSessionToken,
} from "~/modules/auth/index.server";
import { makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { countStatements } from "../../../tests/setup/statements";
import { db } from "~/utils/db.server";
import type { Membership } from "./permissions.server";
import { membershipsOf, validateSession } from "./session.server";

/** Roles in a fixed order, so lists read from the database compare whatever order it returned them in. */
const sorted = (list: Membership[]) =>
  [...list].sort((a, b) =>
    `${a.role}|${a.organizationId}|${a.regionId}`.localeCompare(`${b.role}|${b.organizationId}|${b.regionId}`),
  );

describe("the session with roles", () => {
  test("a valid session carries the person's roles with their scopes", async () => {
    const d = await db();
    const user = await makeUser(d, { role: "trainee" });
    const { token } = await createSession(d, user.id);
    const valid = await validateSession(d, token);
    expect(valid?.user.id).toBe(user.id);
    expect(valid?.user.memberships).toEqual([{ role: "trainee", organizationId: null, regionId: null }]);
  });

  test("several roles, and an invalid token is null", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const user = await makeUser(d, { role: "center_staff", organizationId: center.id });
    expect(await membershipsOf(d, user.id)).toEqual([
      { role: "center_staff", organizationId: center.id, regionId: null },
    ]);
    expect(await validateSession(d, "nope.nope")).toBeNull();
    expect(await membershipsOf(d, (await makeUser(d)).id)).toEqual([]);
  });

  test("the session's roles are exactly what membershipsOf reads, scopes and nulls included", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const otherCenter = await makeOrganization(d, region.id);
    const employer = await makeOrganization(d, region.id, "employer");
    const user = await makeUser(d, { role: "center_staff", organizationId: center.id });
    await d.insert(memberships).values([
      { userId: user.id, role: "center_staff", organizationId: otherCenter.id },
      { userId: user.id, role: "region_admin", regionId: region.id },
      { userId: user.id, role: "employer", organizationId: employer.id },
      { userId: user.id, role: "platform_admin" },
      { userId: user.id, role: "trainee", organizationId: center.id },
    ]);
    // Someone else's roles stay theirs.
    await makeUser(d, { role: "region_admin", regionId: region.id });

    const { token } = await createSession(d, user.id);
    const valid = await validateSession(d, token);
    const expected: Membership[] = [
      { role: "center_staff", organizationId: center.id, regionId: null },
      { role: "center_staff", organizationId: otherCenter.id, regionId: null },
      { role: "region_admin", organizationId: null, regionId: region.id },
      { role: "employer", organizationId: employer.id, regionId: null },
      { role: "platform_admin", organizationId: null, regionId: null },
      { role: "trainee", organizationId: center.id, regionId: null },
    ];
    // Strict: the same keys, nulls as null (not missing), the same types as the driver's own row decoding.
    expect(sorted(valid!.user.memberships)).toStrictEqual(sorted(expected));
    expect(sorted(valid!.user.memberships)).toStrictEqual(sorted(await membershipsOf(d, user.id)));
  });

  test("a person without roles has an empty list, and roles given later show on the next request", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const user = await makeUser(d);
    const { token } = await createSession(d, user.id);
    expect((await validateSession(d, token))?.user.memberships).toStrictEqual([]);

    await d.insert(memberships).values({ userId: user.id, role: "region_admin", regionId: region.id });
    expect((await validateSession(d, token))?.user.memberships).toStrictEqual([
      { role: "region_admin", organizationId: null, regionId: region.id },
    ]);
  });

  test("the session with its roles is one statement to the database", async () => {
    const d = await db();
    const user = await makeUser(d, { role: "trainee" });
    const { token } = await createSession(d, user.id);
    await validateSession(d, token); // the first use also prepares the statement

    const statements = countStatements(d);
    try {
      const valid = await validateSession(d, token);
      expect(valid?.user.memberships).toHaveLength(1);
      expect(statements).toHaveBeenCalledTimes(1);
    } finally {
      statements.mockRestore();
    }
  });

  test("the session itself is auth's: account, wrong secret, expiry, sliding refresh and two-factor state", async () => {
    const d = await db();
    const user = await makeUser(d, { role: "trainee" });
    const start = new Date("2026-01-01T00:00:00Z");
    const { token } = await createSession(d, user.id, start);
    const [id] = token.split(".") as [string];

    const soon = new Date(start.getTime() + SESSION_ACTIVITY_CHECK_MS / 2);
    const { memberships: roles, ...account } = (await validateSession(d, token, soon))!.user;
    expect(roles).toHaveLength(1);
    expect(account).toEqual((await validateSessionToken(d, token, soon))!.user);
    expect(await validateSession(d, `${id}.wrongsecretwrongsecretab`, soon)).toBeNull();
    expect(await validateSession(d, `${token}\u0000`, soon)).toBeNull();

    const used = new Date(start.getTime() + 20 * 24 * 60 * 60 * 1000);
    const refreshed = await validateSession(d, token, used);
    expect(refreshed).toMatchObject({ refreshed: true, twoFactor: "off" });
    expect(refreshed?.expiresAt.getTime()).toBe(used.getTime() + SESSION_INACTIVITY_MS);

    // An authenticator turned on and no code given on this session yet.
    await d.insert(totpCredentials).values({ userId: user.id, secretEncrypted: Buffer.alloc(44), enabledAt: used });
    expect((await validateSession(d, token, used))?.twoFactor).toBe("pending");
    await d.update(sessions).set({ twoFactorVerified: true }).where(eq(sessions.id, id));
    expect((await validateSession(d, token, used))?.twoFactor).toBe("passed");

    // Idle past the inactivity period: signed out, and the session is gone.
    expect(await validateSession(d, token, new Date(used.getTime() + SESSION_INACTIVITY_MS))).toBeNull();
    expect(await d.select().from(sessions).where(eq(sessions.id, id))).toHaveLength(0);
  });
});
