import { describe, expect, test } from "vitest";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { can } from "./permissions.server";
import { getOrganization, getRegion, listVisibleOrganizations } from "./service.server";

const centerA = "00000000-0000-4000-8000-00000000000a";
const centerB = "00000000-0000-4000-8000-00000000000b";
const regionX = "00000000-0000-4000-8000-0000000000f1";
const regionY = "00000000-0000-4000-8000-0000000000f2";

const staffOfA = { memberships: [{ role: "center_staff" as const, organizationId: centerA, regionId: null }] };
const adminOfX = { memberships: [{ role: "region_admin" as const, organizationId: null, regionId: regionX }] };
const platform = { memberships: [{ role: "platform_admin" as const, organizationId: null, regionId: null }] };
const trainee = { memberships: [{ role: "trainee" as const, organizationId: null, regionId: null }] };

describe("can()", () => {
  test("center staff manage their own center and no other", () => {
    expect(can(staffOfA, "manage:center", { centerId: centerA })).toBe(true);
    expect(can(staffOfA, "view:center", { centerId: centerA, regionId: regionX })).toBe(true);
    expect(can(staffOfA, "manage:center", { centerId: centerB })).toBe(false);
    expect(can(staffOfA, "view:center", { centerId: centerB, regionId: regionX })).toBe(false);
    expect(can(staffOfA, "admin:platform")).toBe(false);
  });

  test("a region admin sees the centers of their region only, and cannot manage them", () => {
    expect(can(adminOfX, "view:center", { centerId: centerA, regionId: regionX })).toBe(true);
    expect(can(adminOfX, "view:center", { centerId: centerB, regionId: regionY })).toBe(false);
    expect(can(adminOfX, "view:region", { regionId: regionY })).toBe(false);
    expect(can(adminOfX, "manage:center", { centerId: centerA })).toBe(false);
  });

  test("trainees are moved between centers by their region's admin or the platform, never by a center", () => {
    expect(can(adminOfX, "transfer:trainees", { regionId: regionX })).toBe(true);
    expect(can(adminOfX, "transfer:trainees", { regionId: regionY })).toBe(false);
    expect(can(staffOfA, "transfer:trainees", { regionId: regionX })).toBe(false);
    expect(can(platform, "transfer:trainees", { regionId: regionY })).toBe(true);
  });

  test("a scope left out never grants access", () => {
    expect(can(staffOfA, "manage:center", {})).toBe(false);
    expect(can(adminOfX, "view:region", {})).toBe(false);
  });

  test("platform admins may do everything; trainees only study", () => {
    expect(can(platform, "manage:center", { centerId: centerB })).toBe(true);
    expect(can(trainee, "study")).toBe(true);
    expect(can(trainee, "view:center", { centerId: centerA, regionId: regionX })).toBe(false);
  });
});

describe("scoped queries", () => {
  test("staff of one center are refused another center's page (403)", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const a = await makeOrganization(d, region.id);
    const b = await makeOrganization(d, region.id);
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: a.id })).id);
    await expect(getOrganization(d, staff, a.id)).resolves.toMatchObject({ id: a.id });
    await expect(getOrganization(d, staff, b.id)).rejects.toMatchObject({ status: 403 });
    expect((await listVisibleOrganizations(d, staff)).map((o) => o.id)).toEqual([a.id]);
  });

  test("a region admin sees the centers of their region, not those of another", async () => {
    const d = await db();
    const x = await makeRegion(d);
    const y = await makeRegion(d);
    const inX = await makeOrganization(d, x.id);
    const inY = await makeOrganization(d, y.id);
    const employerInX = await makeOrganization(d, x.id, "employer");
    const admin = await actorFor(d, (await makeUser(d, { role: "region_admin", regionId: x.id })).id);
    await expect(getOrganization(d, admin, inX.id)).resolves.toMatchObject({ id: inX.id });
    await expect(getOrganization(d, admin, inY.id)).rejects.toMatchObject({ status: 403 });
    await expect(getOrganization(d, admin, employerInX.id)).rejects.toMatchObject({ status: 403 });
    await expect(getRegion(d, admin, y.id)).rejects.toMatchObject({ status: 403 });
    expect((await listVisibleOrganizations(d, admin)).map((o) => o.id)).toEqual([inX.id]);
  });

  test("an employer sees its own organization and no training center", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const employer = await makeOrganization(d, region.id, "employer");
    const center = await makeOrganization(d, region.id);
    const hr = await actorFor(d, (await makeUser(d, { role: "employer", organizationId: employer.id })).id);
    await expect(getOrganization(d, hr, employer.id)).resolves.toMatchObject({ id: employer.id });
    await expect(getOrganization(d, hr, center.id)).rejects.toMatchObject({ status: 403 });
  });

  test("a missing organization is a 404, and a trainee sees no organizations", async () => {
    const d = await db();
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
    await expect(getOrganization(d, admin, "00000000-0000-4000-8000-000000000999")).rejects.toMatchObject({
      status: 404,
    });
    const learner = await actorFor(d, (await makeUser(d, { role: "trainee" })).id);
    expect(await listVisibleOrganizations(d, learner)).toEqual([]);
  });
});
