import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { apiKeys, auditLog } from "#db/schema";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import {
  authenticateApiKey,
  bearerToken,
  createApiKey,
  listApiKeys,
  MAX_ACTIVE_KEYS,
  revokeApiKey,
} from "./api-keys.server";

async function employerWithStaff() {
  const d = await db();
  const region = await makeRegion(d);
  const employer = await makeOrganization(d, region.id, "employer");
  const hr = await actorFor(d, (await makeUser(d, { role: "employer", organizationId: employer.id })).id);
  return { d, region, employer, hr };
}

describe("employers' API keys", () => {
  test("a created key is shown once, stored only as a hash, and authenticates", async () => {
    const { d, employer, hr } = await employerWithStaff();
    const created = await createApiKey(d, hr, employer.id, "  人事系统 ");
    if (!created.ok) throw new Error(created.message);
    expect(created.token).toMatch(/^tma_[a-z2-7]{10}_[a-z2-7]{24}$/);
    expect(created.name).toBe("人事系统");

    const [stored] = await d.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    const secret = created.token.split("_")[2]!;
    expect(Buffer.from(stored!.secretHash).toString("latin1")).not.toContain(secret);
    expect(stored!.lastUsedAt).toBeNull();

    const now = new Date();
    expect(await authenticateApiKey(d, created.token, now)).toEqual({ keyId: created.id, organizationId: employer.id });
    const [used] = await d.select({ lastUsedAt: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(used!.lastUsedAt?.getTime()).toBe(now.getTime());

    const [listed] = await listApiKeys(d, hr, employer.id);
    expect(listed).toMatchObject({ id: created.id, name: "人事系统", prefix: created.prefix, revokedAt: null });
    expect(listed).not.toHaveProperty("secretHash");

    const [audit] = await d.select().from(auditLog).where(eq(auditLog.targetId, created.id));
    expect(audit).toMatchObject({ action: "apikey.create", actorId: hr.id });
    expect(JSON.stringify(audit!.after)).not.toContain(secret);
  });

  test("a wrong secret, an unknown prefix or a malformed key does not authenticate", async () => {
    const { d, employer, hr } = await employerWithStaff();
    const created = await createApiKey(d, hr, employer.id, "ERP");
    if (!created.ok) throw new Error(created.message);
    const [, prefix] = created.token.split("_");
    expect(await authenticateApiKey(d, `tma_${prefix}_${"a".repeat(24)}`)).toBeNull();
    expect(await authenticateApiKey(d, `tma_aaaaaaaaaa_${created.token.split("_")[2]}`)).toBeNull();
    expect(await authenticateApiKey(d, "tma_short_key")).toBeNull();
    expect(await authenticateApiKey(d, "")).toBeNull();
  });

  test("a revoked key stops working at once; revoking is audited and repeatable", async () => {
    const { d, employer, hr } = await employerWithStaff();
    const created = await createApiKey(d, hr, employer.id, "ERP");
    if (!created.ok) throw new Error(created.message);
    await revokeApiKey(d, hr, employer.id, created.id);
    await revokeApiKey(d, hr, employer.id, created.id);
    expect(await authenticateApiKey(d, created.token)).toBeNull();
    const audits = await d.select().from(auditLog).where(eq(auditLog.targetId, created.id));
    expect(audits.map((a) => a.action).sort()).toEqual(["apikey.create", "apikey.revoke"]);
  });

  test("only the employer's own staff and platform admins manage its keys", async () => {
    const { d, region, employer, hr } = await employerWithStaff();
    const created = await createApiKey(d, hr, employer.id, "ERP");
    if (!created.ok) throw new Error(created.message);
    const other = await makeOrganization(d, region.id, "employer");
    const otherHr = await actorFor(d, (await makeUser(d, { role: "employer", organizationId: other.id })).id);
    const trainee = await actorFor(d, (await makeUser(d, { role: "trainee" })).id);
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);

    await expect(listApiKeys(d, otherHr, employer.id)).rejects.toMatchObject({ status: 403 });
    await expect(createApiKey(d, trainee, employer.id, "x")).rejects.toMatchObject({ status: 403 });
    await expect(revokeApiKey(d, otherHr, employer.id, created.id)).rejects.toMatchObject({ status: 403 });
    // Through their own employer, another's key is simply not found.
    await expect(revokeApiKey(d, otherHr, other.id, created.id)).rejects.toMatchObject({ status: 404 });
    expect(await authenticateApiKey(d, created.token)).not.toBeNull();

    expect((await listApiKeys(d, admin, employer.id)).map((k) => k.id)).toEqual([created.id]);
    // A training center has no API keys.
    const center = await makeOrganization(d, region.id);
    await expect(listApiKeys(d, admin, center.id)).rejects.toMatchObject({ status: 404 });
    await expect(listApiKeys(d, admin, "not-a-uuid")).rejects.toMatchObject({ status: 404 });
  });

  test("a name is required, and an employer holds at most a few active keys", async () => {
    const { d, employer, hr } = await employerWithStaff();
    expect(await createApiKey(d, hr, employer.id, "   ")).toEqual({
      ok: false,
      field: "name",
      message: "verification.keys.nameRequired",
    });
    for (let i = 0; i < MAX_ACTIVE_KEYS; i++) expect((await createApiKey(d, hr, employer.id, `k${i}`)).ok).toBe(true);
    expect(await createApiKey(d, hr, employer.id, "one more")).toMatchObject({
      ok: false,
      message: "verification.keys.tooMany",
    });
  });

  test("the bearer token is read from the Authorization header", () => {
    expect(bearerToken("Bearer tma_abc_def")).toBe("tma_abc_def");
    expect(bearerToken("bearer   tma_abc_def ")).toBe("tma_abc_def");
    expect(bearerToken("Basic dXNlcjpwYXNz")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
