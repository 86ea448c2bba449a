import { describe, expect, test } from "vitest";
import { drawPng, logoPng, redSealPng, signaturePng } from "../../../tests/setup/brand-images";
import { makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { brandingOf, checkBrandImage, pdfBrandingFor, publishBranding, saveBrandingDraft } from "./branding.server";

const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0xff, 0xd9,
]);

describe("checking uploaded images by their content", () => {
  test("a PNG seal passes; a PDF renamed .png, a JPEG seal and unknown bytes are refused", async () => {
    expect(await checkBrandImage("seal", redSealPng())).toMatchObject({ ok: true, image: { type: "image/png" } });
    const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
    expect(await checkBrandImage("seal", pdf)).toEqual({
      ok: false,
      field: "seal",
      message: "branding.errors.pngOnly",
    });
    expect(await checkBrandImage("seal", JPEG)).toEqual({
      ok: false,
      field: "seal",
      message: "branding.errors.pngOnly",
    });
    expect(await checkBrandImage("logo", new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toEqual({
      ok: false,
      field: "logo",
      message: "branding.errors.logoType",
    });
  });

  test("too big a file, or too many pixels, is refused", async () => {
    const big = new Uint8Array(600 * 1024);
    big.set(redSealPng());
    expect(await checkBrandImage("seal", big)).toMatchObject({
      ok: false,
      field: "seal",
      message: "branding.errors.tooLarge",
    });
    // A small file that would unpack into a 2000 × 2000 bitmap at every render.
    expect(
      await checkBrandImage(
        "logo",
        drawPng(2000, () => [255, 255, 255, 255]),
      ),
    ).toMatchObject({ ok: false, field: "logo", message: "branding.errors.tooManyPixels" });
  });
});

describe("a center's branding: draft, preview, publish", () => {
  test("nothing reaches certificates until published; the body's seal joins every center's", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const body = await makeOrganization(d, null, "certification_body");
    const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
    const admin = await makeUser(d, { role: "platform_admin" });

    expect(
      await saveBrandingDraft(d, staff.id, center.id, {
        images: { seal: redSealPng(), logo: logoPng(), signature: signaturePng() },
        remove: [],
        signatoryName: " 王建国 ",
      }),
    ).toEqual({ ok: true });
    expect(await pdfBrandingFor(d, center.id)).toMatchObject({
      seal: null,
      logo: null,
      signatoryName: null,
      bodySeal: null,
    });
    const preview = await pdfBrandingFor(d, center.id, "draft");
    expect(preview.seal?.type).toBe("image/png");
    expect(Buffer.from(preview.seal!.data)).toEqual(Buffer.from(redSealPng()));
    expect(preview.signatoryName).toBe("王建国");

    // A bad image in a later upload changes nothing, not even the name beside it.
    expect(
      await saveBrandingDraft(d, staff.id, center.id, {
        images: { signature: JPEG },
        remove: [],
        signatoryName: "李四",
      }),
    ).toMatchObject({ ok: false, field: "signature" });
    expect((await brandingOf(d, center.id)).draft?.signatoryName).toBe("王建国");

    expect(await publishBranding(d, staff.id, center.id)).toEqual({ ok: true });
    await saveBrandingDraft(d, admin.id, body.id, {
      images: { seal: redSealPng(200) },
      remove: [],
      signatoryName: null,
    });
    await publishBranding(d, admin.id, body.id);
    const published = await pdfBrandingFor(d, center.id);
    expect(published).toMatchObject({
      signatoryName: "王建国",
      logo: { type: "image/png" },
      seal: { type: "image/png" },
      bodySeal: { type: "image/png" },
    });

    // Taking the logo off the draft leaves the published one until the next publish.
    await saveBrandingDraft(d, staff.id, center.id, { images: {}, remove: ["logo"], signatoryName: "王建国" });
    expect((await pdfBrandingFor(d, center.id)).logo).not.toBeNull();
    expect((await pdfBrandingFor(d, center.id, "draft")).logo).toBeNull();
  });

  test("publishing with no draft is refused", async () => {
    const d = await db();
    const center = await makeOrganization(d, (await makeRegion(d)).id);
    const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
    expect(await publishBranding(d, staff.id, center.id)).toEqual({
      ok: false,
      field: "intent",
      message: "branding.errors.nothingToPublish",
    });
  });
});
