import { createLocalJWKSet, jwtVerify } from "jose";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { certificates, continuingEducation, emailOutbox } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { statusBitOf } from "./badge.server";
import { certificateBadge, revocationStatusList } from "./credentials.server";
import { issueCertificate } from "./issuance.server";
import {
  certificateForViewer,
  reissueCertificate,
  renewalProgress,
  renewCertificate,
  revokeCertificate,
  sendExpiryReminders,
} from "./service.server";
import { publishedJwks } from "./signing.server";

beforeAll(() => syncFixtureContent());

async function scene() {
  const d = await db();
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
  const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
  const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
  const issued = await issueCertificate(d, {
    userId: trainee.id,
    levelSlug: "junior",
    centerId: center.id,
    issuedAt: new Date(),
    issuedBy: null,
  });
  const row = async (id = issued.certificateId) =>
    (await d.select().from(certificates).where(eq(certificates.id, id)))[0]!;
  return { d, region, center, trainee, admin, staff, certificateId: issued.certificateId, row };
}

describe("who sees a certificate", () => {
  test("its holder, its center's staff and platform admins; another center's staff and other trainees get a 404", async () => {
    const { d, region, trainee, admin, staff, certificateId } = await scene();
    const me = await actorFor(d, trainee.id);
    for (const viewer of [me, admin, staff])
      expect((await certificateForViewer(d, viewer, certificateId)).status).toBe("valid");
    const otherStaff = await actorFor(
      d,
      (await makeUser(d, { role: "center_staff", organizationId: (await makeOrganization(d, region.id)).id })).id,
    );
    const otherTrainee = await actorFor(d, (await makeUser(d, { role: "trainee" })).id);
    for (const viewer of [otherStaff, otherTrainee])
      await expect(certificateForViewer(d, viewer, certificateId)).rejects.toMatchObject({ status: 404 });
  });
});

describe("the Open Badges credential", () => {
  test("verifies with jose against the served JWKS, fails when tampered, and its status bit flips on revocation", async () => {
    const { d, admin, row } = await scene();
    const certificate = await row();
    const jwt = await certificateBadge(d, certificate);
    const jwks = createLocalJWKSet((await publishedJwks(d)) as unknown as Parameters<typeof createLocalJWKSet>[0]);
    const { payload, protectedHeader } = await jwtVerify(jwt, jwks);
    expect(protectedHeader.alg).toBe("ES256");
    const vc = payload as unknown as {
      type: string[];
      credentialSubject: { achievement: { achievementType: string } };
      credentialStatus: { statusListIndex: string };
    };
    expect(vc.type).toContain("OpenBadgeCredential");
    expect(vc.credentialSubject.achievement.achievementType).toBe("Certification");

    const [h, p, s] = jwt.split(".");
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, name: "高级技术经理人" })).toString("base64url")}.${s}`;
    expect(p).not.toBe(tampered.split(".")[1]);
    await expect(jwtVerify(tampered, jwks)).rejects.toThrow();

    const bit = async () => {
      const list = await jwtVerify((await revocationStatusList(d, 1))!, jwks);
      return statusBitOf(
        (list.payload as { credentialSubject: { encodedList: string } }).credentialSubject.encodedList,
        Number(vc.credentialStatus.statusListIndex),
      );
    };
    expect(await bit()).toBe(0);
    expect(await revokeCertificate(d, admin, certificate.id, "考试舞弊")).toEqual({ ok: true });
    expect(await bit()).toBe(1);
    expect(await revokeCertificate(d, admin, certificate.id, "again")).toMatchObject({ ok: false });
  });
});

describe("revoking, re-issuing and renewing", () => {
  test("only platform admins revoke and re-issue; a re-issue supersedes the old certificate with a new serial and code", async () => {
    const { d, admin, staff, certificateId, row } = await scene();
    await expect(revokeCertificate(d, staff, certificateId, "x")).rejects.toMatchObject({ status: 403 });
    const re = await reissueCertificate(d, admin, certificateId);
    if (!re.ok) throw new Error("not re-issued");
    const [old, fresh] = [await row(), await row(re.certificateId)];
    expect(old.supersededAt).not.toBeNull();
    expect(old.supersededBy).toBe(fresh.id);
    expect(fresh.serial).not.toBe(old.serial);
    expect(fresh.code).not.toBe(old.code);
    expect(fresh.record.expiresOn).toBe(old.record.expiresOn);
    expect(await reissueCertificate(d, admin, certificateId)).toMatchObject({ ok: false });
  });

  test("the holder renews once the continuing-education hours are reached; validity runs on from the old expiry", async () => {
    const { d, trainee, certificateId, row } = await scene();
    const me = await actorFor(d, trainee.id);
    expect(await renewCertificate(d, me, certificateId)).toMatchObject({
      ok: false,
      message: "certificates.errors.hoursShort",
    });
    const old = await row();
    await d.insert(continuingEducation).values({
      userId: trainee.id,
      levelSlug: "junior",
      hours: 10,
      activity: "技术转移年会",
      completedOn: old.record.issuedOn,
    });
    expect(await renewalProgress(d, old)).toEqual({ hours: 10, required: 10, met: true });
    const renewed = await renewCertificate(d, me, certificateId);
    if (!renewed.ok) throw new Error("not renewed");
    const fresh = await row(renewed.certificateId);
    expect((await row()).supersedeReason).toBe("renewed");
    expect(Number(fresh.record.expiresOn!.slice(0, 4))).toBe(Number(old.record.expiresOn!.slice(0, 4)) + 3);
  });

  test("holders are reminded once, some days before expiry", async () => {
    const { d, trainee, certificateId } = await scene();
    const soon = new Date(Date.now() + 30 * 86_400_000);
    await d.update(certificates).set({ expiresAt: soon }).where(eq(certificates.id, certificateId));
    expect(await sendExpiryReminders(d, "https://academy.example.cn")).toBe(1);
    expect(await sendExpiryReminders(d, "https://academy.example.cn")).toBe(0);
    const mails = await d.select().from(emailOutbox).where(eq(emailOutbox.to, trainee.email!));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("即将到期");
    expect(mails[0]!.text).toContain(`https://academy.example.cn/certificates/${certificateId}`);
  });
});
