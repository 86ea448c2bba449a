import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { certificatePdfs } from "#db/schema";
import { redSealPng } from "../../../tests/setup/brand-images";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { issueTestCertificate } from "../../../tests/setup/test-certificates";
import { db } from "~/utils/db.server";
import { fitPng } from "./brand-image-fit.server";
import { publishBranding, saveBrandingDraft } from "./branding.server";
import { eraseHolderIdentity } from "./holder.server";
import { signedCertificatePdf } from "./pdf-download.server";

const dir = mkdtempSync(path.join(os.tmpdir(), "tma-pdf-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => syncFixtureContent());

function pdfsig(pdf: Buffer): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const result = spawnSync("pdfsig", [file], { encoding: "utf8" });
  return result.stdout + result.stderr;
}

describe("brand images at their printed size", () => {
  test("a 1,600 px seal is drawn at 450 px, still red in its middle and transparent in its corners", () => {
    const fitted = fitPng({ data: redSealPng(1600), type: "image/png" }, 450);
    const png = PNG.sync.read(Buffer.from(fitted.data));
    expect([png.width, png.height]).toEqual([450, 450]);
    const at = (x: number, y: number) => [...png.data.subarray((y * 450 + x) * 4, (y * 450 + x) * 4 + 4)];
    expect(at(225, 225)).toEqual([220, 20, 30, 255]);
    expect(at(0, 0)[3]).toBe(0);
    // The ring's edge is not darkened by the transparent (black) pixels around it.
    const edge = at(225, 2);
    expect(edge[0]).toBeGreaterThan(200);
  });

  test("an image already small enough is kept as it is", () => {
    const small = { data: redSealPng(200), type: "image/png" as const };
    // The same bytes (maybe another object: the cache is by content, and an earlier test file may have filled it).
    expect(Buffer.from(fitPng(small, 450).data).equals(Buffer.from(small.data))).toBe(true);
  });
});

describe("kept certificate PDFs", () => {
  test("the second download is the kept PDF; new branding or an erasure makes it stale, and each PDF verifies", async () => {
    const d = await db();
    const cert = await issueTestCertificate(d);
    const first = await signedCertificatePdf(d, cert);
    expect(pdfsig(first)).toContain("Signature Validation: Signature is Valid.");
    // A new render would carry another signing time: equal bytes are the kept ones.
    expect((await signedCertificatePdf(d, cert)).equals(first)).toBe(true);

    const staff = await makeUser(d, { role: "center_staff", organizationId: cert.centerId! });
    expect(
      await saveBrandingDraft(d, staff.id, cert.centerId!, {
        images: { seal: redSealPng(600) },
        remove: [],
        signatoryName: "王主任",
      }),
    ).toEqual({ ok: true });
    // A draft changes nothing on issued certificates; publishing does.
    expect((await signedCertificatePdf(d, cert)).equals(first)).toBe(true);
    expect(await publishBranding(d, staff.id, cert.centerId!)).toEqual({ ok: true });
    const branded = await signedCertificatePdf(d, cert);
    expect(branded.equals(first)).toBe(false);
    expect(pdfsig(branded)).toContain("Signature Validation: Signature is Valid.");
    const kept = await d.select().from(certificatePdfs).where(eq(certificatePdfs.certificateId, cert.id));
    expect(kept).toHaveLength(1);
    expect(Buffer.from(kept[0]!.pdf).equals(branded)).toBe(true);
    // English is kept beside Chinese.
    await signedCertificatePdf(d, cert, "en");
    expect(await d.select().from(certificatePdfs).where(eq(certificatePdfs.certificateId, cert.id))).toHaveLength(2);

    // An erasure forgets the kept PDFs (they carry the holder's printed facts).
    await eraseHolderIdentity(d, cert.holder.id);
    expect(await d.select().from(certificatePdfs).where(eq(certificatePdfs.certificateId, cert.id))).toEqual([]);
  });
});
