import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { auditLog, certificateIntegrityAlerts, notifications } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { issueTestCertificate } from "../../../tests/setup/test-certificates";
import { db } from "~/utils/db.server";
import { forgetRaisedIntegrityAlerts, raiseIntegrityAlert } from "./integrity.server";

beforeAll(() => syncFixtureContent());

async function tampered() {
  const d = await db();
  const issued = await issueTestCertificate(d);
  return { id: issued.id, serial: issued.serial, levelSlug: issued.levelSlug, kid: issued.kid };
}

const alertsOf = async (certificateId: string) =>
  (await db())
    .select()
    .from(notifications)
    .where(and(eq(notifications.subject, certificateId), eq(notifications.kind, "certificate_tampered")));

describe("the alert for a certificate whose record fails its signature", () => {
  test("is raised once per certificate, even by another app copy (which has not seen it)", async () => {
    const d = await db();
    const admin = await makeUser(d, { role: "platform_admin" });
    const certificate = await tampered();
    expect(await raiseIntegrityAlert(d, certificate)).toBe(true);
    expect(await raiseIntegrityAlert(d, certificate)).toBe(false);
    // Another copy of the app: its memory knows nothing, the database claim holds.
    forgetRaisedIntegrityAlerts();
    expect(await raiseIntegrityAlert(d, certificate)).toBe(false);
    const mine = (await alertsOf(certificate.id)).filter((n) => n.userId === admin.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ link: `/manage/certificates/${certificate.id}`, params: { level: "junior" } });
    const entries = await d
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "certificate.integrity_failed"), eq(auditLog.targetId, certificate.id)));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: null, targetType: "certificate" });
  });

  test("checks racing each other raise it once", async () => {
    const d = await db();
    await makeUser(d, { role: "platform_admin" });
    const certificate = await tampered();
    forgetRaisedIntegrityAlerts();
    const raised = await Promise.all([1, 2, 3].map(() => raiseIntegrityAlert(d, certificate)));
    expect(raised.filter(Boolean)).toHaveLength(1);
    const claims = await d
      .select()
      .from(certificateIntegrityAlerts)
      .where(eq(certificateIntegrityAlerts.certificateId, certificate.id));
    expect(claims).toHaveLength(1);
    const perAdmin = new Map<string, number>();
    for (const n of await alertsOf(certificate.id)) perAdmin.set(n.userId, (perAdmin.get(n.userId) ?? 0) + 1);
    expect([...perAdmin.values()].every((count) => count === 1)).toBe(true);
  });
});
