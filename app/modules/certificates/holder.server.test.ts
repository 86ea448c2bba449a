import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog, certificateHolderFacts, holderIdCards, holderPhotos, notifications } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { issueTestCertificate, reissueTestCertificate } from "../../../tests/setup/test-certificates";
import { db } from "~/utils/db.server";
import { holderFieldsOf, publishBranding, saveBrandingDraft } from "./branding.server";
import { certificateBadge, certificateBadgeWithProof } from "./credentials.server";
import {
  checkHolderPhoto,
  decideHolderPhoto,
  holderIdentityOf,
  holderPhotoQueue,
  recordHolderIdNumber,
  removeHolderIdNumber,
  submitHolderPhoto,
} from "./holder.server";
import { idCardCheckCharacter } from "./id-card";
import { brandingPreviewPdf, signedCertificatePdf } from "./pdf-download.server";

const APP = "https://academy.example.cn";
const FULL_ID = "11010519491231002X";
const MASKED_ID = "110***********002X";
const dir = mkdtempSync(path.join(os.tmpdir(), "tma-holder-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A portrait photo of one colour (w × h), as a trainee uploads it. */
function photoPng(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([...rgb, 255], i * 4);
  return new Uint8Array(PNG.sync.write(png));
}
const GREEN: [number, number, number] = [20, 200, 40];
const BLUE: [number, number, number] = [20, 40, 220];

/** Poppler's rendering at 36 dpi: how many pixels are near `rgb`, and their centre in points. */
function pixelsOf(pdf: Buffer, rgb: [number, number, number]) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  execFileSync("pdftoppm", ["-png", "-r", "36", "-singlefile", file, file]);
  const png = PNG.sync.read(readFileSync(`${file}.png`));
  let [n, sx, sy] = [0, 0, 0];
  for (let y = 0; y < png.height; y++)
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if (rgb.every((c, k) => Math.abs(png.data[i + k]! - c) < 30)) {
        n++;
        sx += x;
        sy += y;
      }
    }
  return { count: n, x: n ? (sx / n) * 2 : 0, y: n ? (sy / n) * 2 : 0 };
}

async function pdfText(pdf: Buffer) {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const content = await (await document.getPage(1)).getTextContent();
  const text = content.items.map((item) => ("str" in item ? item.str : "")).join("");
  await document.destroy();
  return text.replace(/\s+/g, "");
}

// One certification body for the file (the app has one); its switches are changed as the platform does.
let body: { id: string; nameZh: string; nameEn: string };
let adminId: string;
async function setSwitches(fields: { photo: boolean; idNumber: boolean }) {
  const d = await db();
  expect(
    await saveBrandingDraft(d, adminId, body.id, { images: {}, remove: [], signatoryName: null, holderFields: fields }),
  ).toEqual({ ok: true });
  expect(await publishBranding(d, adminId, body.id)).toEqual({ ok: true });
}

beforeAll(async () => {
  await syncFixtureContent();
  const d = await db();
  body = await makeOrganization(d, null, "certification_body");
  adminId = (await makeUser(d, { role: "platform_admin" })).id;
});

describe("switched off (the default)", () => {
  test("nothing is asked, stored, frozen or printed", async () => {
    const d = await db();
    expect(await holderFieldsOf(d)).toEqual({ photo: false, idNumber: false });
    const cert = await issueTestCertificate(d);
    expect(await submitHolderPhoto(d, cert.holder.id, photoPng(300, 420, GREEN))).toEqual({
      ok: false,
      message: "holderIdentity.errors.photoOff",
    });
    expect(await recordHolderIdNumber(d, cert.holder.id, FULL_ID)).toEqual({
      ok: false,
      message: "holderIdentity.errors.idNumberOff",
    });
    expect(await d.select().from(holderPhotos).where(eq(holderPhotos.userId, cert.holder.id))).toEqual([]);
    expect(await d.select().from(certificateHolderFacts)).toEqual([]);
    const pdf = await signedCertificatePdf(d, cert);
    expect(await pdfText(pdf)).not.toContain("身份证号");
    // A draft switched on is only a preview: until published, trainees are still asked nothing.
    await saveBrandingDraft(d, adminId, body.id, {
      images: {},
      remove: [],
      signatoryName: null,
      holderFields: { photo: true, idNumber: true },
    });
    expect(await holderFieldsOf(d)).toEqual({ photo: false, idNumber: false });
    expect(await holderFieldsOf(d, "draft")).toEqual({ photo: true, idNumber: true });
    const preview = await brandingPreviewPdf(d, body, "draft");
    expect(await pdfText(preview)).toContain("身份证号IDNo.110***********002X");
    expect(await pdfText(await brandingPreviewPdf(d, body, "published"))).not.toContain("身份证号");
  });
});

describe("the ID-card number", () => {
  test("bad numbers are refused with what is wrong; only the masked form is ever stored", async () => {
    await setSwitches({ photo: false, idNumber: true });
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    const first17 = (date: string) => `110105${date}002`;
    const cases: [string, string][] = [
      ["1101051949123100", "holderIdentity.errors.format"],
      ["11010519491231002Y", "holderIdentity.errors.format"],
      ["99010519491231002X", "holderIdentity.errors.region"],
      [first17("19490231") + idCardCheckCharacter(first17("19490231")), "holderIdentity.errors.birthDate"],
      ["110105194912310021", "holderIdentity.errors.checkDigit"],
    ];
    for (const [input, message] of cases)
      expect(await recordHolderIdNumber(d, trainee.id, input)).toEqual({ ok: false, field: "idNumber", message });
    expect(await d.select().from(holderIdCards).where(eq(holderIdCards.userId, trainee.id))).toEqual([]);

    expect(await recordHolderIdNumber(d, trainee.id, "110105 19491231 002x")).toEqual({ ok: true, masked: MASKED_ID });
    expect((await holderIdentityOf(d, trainee.id)).idNumberMasked).toBe(MASKED_ID);
    // The full number is nowhere: not in the table, not in the audit log.
    const leaks = await d.execute<{ n: number }>(
      sql`select (select count(*) from holder_id_cards where masked like ${`%${FULL_ID.slice(3, 14)}%`})
            + (select count(*) from audit_log where after::text like ${`%${FULL_ID.slice(3, 14)}%`}) as n`,
    );
    expect(
      Number(
        (leaks as unknown as { rows?: { n: number }[] }).rows?.[0]?.n ?? (leaks as unknown as { n: number }[])[0]?.n,
      ),
    ).toBe(0);
    const [audit] = await d.select().from(auditLog).where(eq(auditLog.action, "holder_id_card.record"));
    expect(audit!.after).toEqual({ masked: MASKED_ID });

    await removeHolderIdNumber(d, trainee.id);
    expect((await holderIdentityOf(d, trainee.id)).idNumberMasked).toBeNull();
  });
});

describe("the holder's photo", () => {
  test("checked by content, portrait, size-limited, upright", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
    expect(await checkHolderPhoto(pdf)).toEqual({
      ok: false,
      field: "photo",
      message: "holderIdentity.errors.photoType",
    });
    expect(await checkHolderPhoto(photoPng(420, 300, GREEN))).toEqual({
      ok: false,
      field: "photo",
      message: "holderIdentity.errors.photoNotPortrait",
    });
    expect(await checkHolderPhoto(photoPng(120, 168, GREEN))).toMatchObject({
      ok: false,
      message: "holderIdentity.errors.photoTooSmall",
    });
    expect(await checkHolderPhoto(photoPng(1200, 1700, GREEN))).toMatchObject({
      ok: false,
      message: "holderIdentity.errors.photoTooManyPixels",
    });
    const big = new Uint8Array(600 * 1024);
    big.set(photoPng(300, 420, GREEN));
    expect(await checkHolderPhoto(big)).toMatchObject({ ok: false, message: "holderIdentity.errors.photoTooLarge" });
    expect(await checkHolderPhoto(photoPng(300, 420, GREEN))).toMatchObject({ ok: true, image: { type: "image/png" } });
  });

  test("pending → approved or returned by the trainee's own center only; audited and notified", async () => {
    await setSwitches({ photo: true, idNumber: false });
    const d = await db();
    const region = await makeRegion(d);
    const centerA = await makeOrganization(d, region.id);
    const centerB = await makeOrganization(d, region.id);
    const trainee = await makeUser(d, { role: "trainee", organizationId: centerA.id });
    const staffA = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: centerA.id })).id);
    const staffB = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: centerB.id })).id);
    const refA = { id: centerA.id, regionId: region.id };
    const refB = { id: centerB.id, regionId: region.id };

    const unplaced = await makeUser(d, { role: "trainee" });
    expect(await submitHolderPhoto(d, unplaced.id, photoPng(300, 420, GREEN))).toEqual({
      ok: false,
      field: "photo",
      message: "holderIdentity.errors.noCenter",
    });

    const sent = await submitHolderPhoto(d, trainee.id, photoPng(300, 420, GREEN));
    expect(sent).toMatchObject({ ok: true });
    const photoId = (sent as { photoId: string }).photoId;
    expect((await holderIdentityOf(d, trainee.id)).latest).toMatchObject({ status: "pending" });

    // Another center sees nothing and cannot decide it; a center not its own is refused outright.
    expect((await holderPhotoQueue(d, staffB, refB)).photos).toEqual([]);
    expect(await decideHolderPhoto(d, staffB, refB, { photoId, approve: true }, APP)).toEqual({
      ok: false,
      message: "holderIdentity.errors.photoNotFound",
    });
    await expect(decideHolderPhoto(d, staffB, refA, { photoId, approve: true }, APP)).rejects.toMatchObject({
      status: 403,
    });
    expect((await holderIdentityOf(d, trainee.id)).latest).toMatchObject({ status: "pending" });

    expect((await holderPhotoQueue(d, staffA, refA)).photos.map((p) => p.id)).toEqual([photoId]);
    expect(await decideHolderPhoto(d, staffA, refA, { photoId, approve: false, reason: " " }, APP)).toEqual({
      ok: false,
      field: "reason",
      message: "holderIdentity.errors.reasonRequired",
    });
    expect(
      await decideHolderPhoto(d, staffA, refA, { photoId, approve: false, reason: "背景不是纯色" }, APP),
    ).toMatchObject({ ok: true, userId: trainee.id });
    let identity = await holderIdentityOf(d, trainee.id);
    expect(identity.latest).toMatchObject({ status: "returned", returnReason: "背景不是纯色" });
    expect(identity.approved).toBeNull();
    expect(await decideHolderPhoto(d, staffA, refA, { photoId, approve: true }, APP)).toEqual({
      ok: false,
      message: "holderIdentity.errors.alreadyDecided",
    });

    const again = (await submitHolderPhoto(d, trainee.id, photoPng(300, 420, GREEN))) as { photoId: string };
    expect(await decideHolderPhoto(d, staffA, refA, { photoId: again.photoId, approve: true }, APP)).toMatchObject({
      ok: true,
    });
    identity = await holderIdentityOf(d, trainee.id);
    expect(identity.approved).not.toBeNull();
    expect(identity.latest).toBeNull();

    const inbox = await d.select().from(notifications).where(eq(notifications.userId, trainee.id));
    expect(inbox.map((n) => n.kind).sort()).toEqual(["holder_photo_approved", "holder_photo_returned"]);
    expect(inbox.find((n) => n.kind === "holder_photo_returned")!.params).toEqual({ reason: "背景不是纯色" });
    const audits = await d
      .select({ action: auditLog.action, actorId: auditLog.actorId })
      .from(auditLog)
      .where(eq(auditLog.targetId, trainee.id));
    expect(audits).toEqual(
      expect.arrayContaining([
        { action: "holder_photo.submit", actorId: trainee.id },
        { action: "holder_photo.return", actorId: staffA.id },
        { action: "holder_photo.approve", actorId: staffA.id },
      ]),
    );
  });
});

describe("on the certificate", () => {
  test("frozen at issue, printed (photo right of the holder, masked number under the name), never in the credential; a re-issue takes the photo then approved", async () => {
    await setSwitches({ photo: true, idNumber: true });
    const d = await db();
    const cert0 = await issueTestCertificate(d);
    // The holder of a fresh certificate: give them a photo and a number, then issue their next level's way:
    // here, re-issue, which freezes what is approved at that moment.
    const holder = cert0.holder;
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: cert0.center.id })).id);
    const ref = { id: cert0.center.id, regionId: cert0.region.id };
    const approve = async (rgb: [number, number, number]) => {
      const sent = (await submitHolderPhoto(d, holder.id, photoPng(300, 420, rgb))) as { photoId: string };
      expect(await decideHolderPhoto(d, staff, ref, { photoId: sent.photoId, approve: true }, APP)).toMatchObject({
        ok: true,
      });
    };
    // Issued before anything was given: nothing frozen.
    expect(
      await d.select().from(certificateHolderFacts).where(eq(certificateHolderFacts.certificateId, cert0.id)),
    ).toEqual([]);

    await approve(GREEN);
    expect(await recordHolderIdNumber(d, holder.id, FULL_ID)).toMatchObject({ ok: true });
    const cert1 = await reissueTestCertificate(d, cert0.id);
    const [facts] = await d
      .select()
      .from(certificateHolderFacts)
      .where(eq(certificateHolderFacts.certificateId, cert1.id));
    expect(facts).toMatchObject({ photoType: "image/png", idNumberMasked: MASKED_ID });

    const pdf = await signedCertificatePdf(d, cert1);
    expect(await pdfText(pdf)).toContain(`身份证号IDNo.${MASKED_ID}`);
    const green = pixelsOf(pdf, GREEN);
    // 71 × 99 pt at 36 dpi is about 35 × 49 px; it sits at the right, level with the holder block.
    expect(green.count).toBeGreaterThan(1200);
    expect(green.x).toBeGreaterThan(690);
    expect(green.x).toBeLessThan(760);
    expect(green.y).toBeGreaterThan(170);
    expect(green.y).toBeLessThan(230);

    // Neither the photo nor the number is in the signed record or the credential.
    expect(JSON.stringify(cert1.record)).not.toContain(MASKED_ID);
    const jwt = await certificateBadge(d, cert1);
    const payload = Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8");
    expect(payload).toContain(cert1.record.code);
    const withProof = JSON.stringify(await certificateBadgeWithProof(d, cert1));
    for (const credential of [payload, withProof]) {
      expect(credential).not.toContain(MASKED_ID);
      expect(credential).not.toMatch(/photo|idNumber|身份证/i);
    }

    // A newer approved photo goes on the next re-issue; the earlier certificate keeps its own.
    await approve(BLUE);
    const cert2 = await reissueTestCertificate(d, cert1.id);
    const blue = pixelsOf(await signedCertificatePdf(d, cert2), BLUE);
    expect(blue.count).toBeGreaterThan(1200);
    expect(pixelsOf(await signedCertificatePdf(d, cert1), GREEN).count).toBeGreaterThan(1200);

    // Switched off: printed no more, though still frozen.
    await setSwitches({ photo: false, idNumber: false });
    const off = await signedCertificatePdf(d, cert2);
    expect(pixelsOf(off, BLUE).count).toBe(0);
    expect(await pdfText(off)).not.toContain("身份证号");
  });
});
