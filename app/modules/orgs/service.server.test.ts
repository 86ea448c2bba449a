import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, emailOutbox, memberships, organizations } from "#db/schema";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { resetPassword, signIn } from "~/modules/auth/index.server";
import { db } from "~/utils/db.server";
import { listAuditWithNames } from "./audit-log.server";
import { addStaffMember, createOrganization, createRegion, getOrganization } from "./service.server";

async function platformAdmin() {
  const d = await db();
  return actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
}

describe("administration", () => {
  test("a platform admin creates a region and a center, each written to the audit log", async () => {
    const d = await db();
    const admin = await platformAdmin();
    const region = await createRegion(d, admin, { code: "SZ", nameZh: "深圳", nameEn: "Shenzhen" });
    expect(region.ok).toBe(true);
    if (!region.ok) return;
    const center = await createOrganization(d, admin, {
      kind: "training_center",
      regionId: region.id,
      nameZh: "深圳技术转移培训基地",
      nameEn: "Shenzhen Training Center",
    });
    expect(center.ok).toBe(true);
    const { entries } = await listAuditWithNames(d, { actor: admin.id });
    expect(entries.map((e) => e.action)).toEqual(["organization.create", "region.create"]);
    expect(entries[1]).toMatchObject({
      targetType: "region",
      targetId: region.id,
      after: { code: "SZ" },
      actorName: admin.name,
    });
  });

  test("a duplicate region code is a field error, not a failure", async () => {
    const d = await db();
    const admin = await platformAdmin();
    await createRegion(d, admin, { code: "DUP", nameZh: "甲", nameEn: "A" });
    expect(await createRegion(d, admin, { code: "DUP", nameZh: "乙", nameEn: "B" })).toEqual({
      ok: false,
      field: "code",
      message: "validation.region.codeTaken",
    });
  });

  test("only platform admins administer", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    await expect(createRegion(d, staff, { code: "NOPE", nameZh: "否", nameEn: "No" })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      createOrganization(d, staff, { kind: "employer", regionId: region.id, nameZh: "否", nameEn: "No" }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await d.select().from(organizations).where(eq(organizations.nameZh, "否"))).toEqual([]);
  });

  test("a new staff member gets a set-password e-mail, sets a password and signs in to their center", async () => {
    const d = await db();
    const admin = await platformAdmin();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const added = await addStaffMember(d, admin, {
      role: "center_staff",
      organizationId: center.id,
      name: "王老师",
      email: "Wang.Teacher@Example.cn",
      locale: "zh-CN",
      appUrl: "https://academy.example.cn",
    });
    expect(added.ok).toBe(true);
    const [mail] = await d.select().from(emailOutbox).where(eq(emailOutbox.to, "wang.teacher@example.cn"));
    expect(mail?.text).toContain("培训基地管理员");
    const token = mail!.text.match(/reset-password\/([a-z0-9]+)/)![1]!;
    expect((await resetPassword(d, { token, newPassword: "teacher password" })).ok).toBe(true);
    const session = await signIn(d, {
      identifier: "wang.teacher@example.cn",
      password: "teacher password",
      ip: "10.7.0.1",
    });
    expect(session.ok).toBe(true);

    const [passwordSet] = await d.select().from(auditLog).where(eq(auditLog.action, "user.password_set"));
    expect(passwordSet?.targetId).toBe(added.ok ? added.userId : "");
    const [entry] = await d.select().from(auditLog).where(eq(auditLog.action, "membership.create"));
    expect(entry?.after).toMatchObject({ role: "center_staff", organizationId: center.id, newAccount: true });

    // Adding the same person to the same center again is a field error; nothing changes.
    const again = await addStaffMember(d, admin, {
      role: "center_staff",
      organizationId: center.id,
      name: "王老师",
      email: "wang.teacher@example.cn",
      locale: "zh-CN",
      appUrl: "https://academy.example.cn",
    });
    expect(again).toMatchObject({ ok: false, field: "email" });
    if (added.ok)
      expect(await d.select().from(memberships).where(eq(memberships.userId, added.userId))).toHaveLength(1);
  });
});

describe("audit log browsing", () => {
  test("filters by action and by time", async () => {
    const d = await db();
    const admin = await platformAdmin();
    await createRegion(d, admin, { code: "AUD", nameZh: "审计", nameEn: "Audit" });
    expect(
      (await listAuditWithNames(d, { action: "region.create" })).entries.every((e) => e.action === "region.create"),
    ).toBe(true);
    expect((await listAuditWithNames(d, { action: "region.create", to: new Date("2000-01-01") })).entries).toEqual([]);
  });
});

describe("a mistyped organization address", () => {
  test("is a 404, not a database error", async () => {
    const d = await db();
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
    await expect(getOrganization(d, admin, "not-a-uuid")).rejects.toMatchObject({ status: 404 });
  });
});
