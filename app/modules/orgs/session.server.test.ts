import { describe, expect, test } from "vitest";
import { createSession } from "~/modules/auth/index.server";
import { makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { membershipsOf, validateSession } from "./session.server";

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
});
