import { eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { signIn } from "~/modules/auth/accounts.server";
import { db } from "~/utils/db.server";
import { memberships, organizations, regions, users } from "./schema";
import { demoAccounts, DEMO_PASSWORD, isDatabaseEmpty, seedDemo } from "./seed";

async function counts() {
  const d = await db();
  const count = async (table: typeof users | typeof regions | typeof organizations | typeof memberships) =>
    (await d.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return { users: await count(users), regions: await count(regions), organizations: await count(organizations), memberships: await count(memberships) };
}

describe("demo seed", () => {
  test("loads the five partner regions, a center in each, an employer and an account per role — and running it again changes nothing", async () => {
    const d = await db();
    expect(await isDatabaseEmpty(d)).toBe(true);
    await seedDemo(d);
    const first = await counts();
    expect(first).toEqual({ users: 6, regions: 5, organizations: 7, memberships: 6 });
    await seedDemo(d);
    expect(await counts()).toEqual(first);
    expect(await isDatabaseEmpty(d)).toBe(false);

    const [taiyuan] = await d.select().from(organizations).where(eq(organizations.nameZh, "太原技术转移促进中心"));
    expect(taiyuan?.kind).toBe("training_center");
    const roles = new Set(demoAccounts.map((a) => a.role));
    expect(roles).toEqual(new Set(["platform_admin", "region_admin", "center_staff", "employer", "trainee"]));
  });

  test("every demo account signs in with the printed password", async () => {
    const d = await db();
    await seedDemo(d);
    for (const account of demoAccounts) {
      const outcome = await signIn(d, { identifier: account.email, password: DEMO_PASSWORD, ip: "10.8.0.1" });
      expect(outcome.ok, account.email).toBe(true);
    }
  });
});
