// The holder's certificate photo and masked ID number in a person's data download, and gone after erasure.
import { eq } from "drizzle-orm";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, test } from "vitest";
import { certificateHolderFacts, holderIdCards, holderPhotos } from "#db/schema";
import { syncFixtureContent } from "../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeUser } from "../../tests/setup/factories";
import { issueTestCertificate, reissueTestCertificate } from "../../tests/setup/test-certificates";
import {
  decideHolderPhoto,
  publishBranding,
  recordHolderIdNumber,
  saveBrandingDraft,
  submitHolderPhoto,
} from "~/modules/certificates/index.server";
import { requestDeletion } from "~/modules/privacy/index.server";
import { findCertificate, parseVerificationQuery } from "~/modules/verification/index.server";
import { db } from "~/utils/db.server";
import { collectPersonalData, completeDeletion, personalDataHtml } from "./personal-data.server";

function portraitPng(): Uint8Array {
  const png = new PNG({ width: 300, height: 420 });
  for (let i = 0; i < 300 * 420; i++) png.data.set([20, 200, 40, 255], i * 4);
  return new Uint8Array(PNG.sync.write(png));
}

// One certification body (the app has one), printing both.
beforeAll(async () => {
  await syncFixtureContent();
  const d = await db();
  const admin = await makeUser(d, { role: "platform_admin" });
  const body = await makeOrganization(d, null, "certification_body");
  await saveBrandingDraft(d, admin.id, body.id, {
    images: {},
    remove: [],
    signatoryName: null,
    holderFields: { photo: true, idNumber: true },
  });
  await publishBranding(d, admin.id, body.id);
});

/** A holder with an approved photo and a masked number, frozen on a (re-issued) certificate. */
async function holderWithPhotoAndNumber() {
  const d = await db();
  const admin = await makeUser(d, { role: "platform_admin" });
  const cert0 = await issueTestCertificate(d, { holderName: "李四" });
  const userId = cert0.holder.id;
  const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: cert0.center.id })).id);
  const sent = await submitHolderPhoto(d, userId, portraitPng());
  if (!sent.ok) throw new Error(sent.message);
  await decideHolderPhoto(
    d,
    staff,
    { id: cert0.center.id, regionId: cert0.region.id },
    { photoId: sent.photoId, approve: true },
    "https://academy.example.cn",
  );
  await recordHolderIdNumber(d, userId, "11010519491231002X");
  const cert = await reissueTestCertificate(d, cert0.id);
  return { d, admin, userId, cert };
}

describe("the holder's photo and ID number as personal data", () => {
  test("the download lists the photo's state and the masked number, never the full number or the image", async () => {
    const { d, userId, cert } = await holderWithPhotoAndNumber();
    const data = (await collectPersonalData(d, userId))!;
    expect(data.holderIdentity.photos).toMatchObject([{ status: "approved", imageType: "image/png" }]);
    expect(data.holderIdentity.photos[0]!.bytes).toBeGreaterThan(0);
    expect(data.holderIdentity.idNumber).toMatchObject({ masked: "110***********002X" });
    expect(data.holderIdentity.onCertificates).toEqual([
      { serial: cert.serial, photo: true, idNumberMasked: "110***********002X" },
    ]);
    const json = JSON.stringify(data);
    expect(json).not.toContain("19491231");
    const html = personalDataHtml(data, { holderPhotos: "证书照片", holderIdNumber: "身份证号" }, "zh-CN");
    expect(html).toContain("<h2>证书照片</h2>");
    expect(html).toContain("110***********002X");
  });

  test("erasure deletes the photos, the masked number and what certificates froze; the certificate still verifies", async () => {
    const { d, admin, userId, cert } = await holderWithPhotoAndNumber();
    const asked = await requestDeletion(d, userId, "不再需要账号");
    if (!asked.ok) throw new Error("not asked");
    expect(await completeDeletion(d, { requestId: asked.requestId, actorId: admin.id })).toEqual({
      ok: true,
      changed: true,
    });
    expect(await d.select().from(holderPhotos).where(eq(holderPhotos.userId, userId))).toEqual([]);
    expect(await d.select().from(holderIdCards).where(eq(holderIdCards.userId, userId))).toEqual([]);
    expect(
      await d.select().from(certificateHolderFacts).where(eq(certificateHolderFacts.certificateId, cert.id)),
    ).toEqual([]);
    const verified = (await findCertificate(d, parseVerificationQuery(cert.code)!))!.view;
    expect(verified.signature.verified).toBe(true);
  });
});
