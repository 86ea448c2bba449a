import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import PDFDocument from "pdfkit";
import { PNG } from "pngjs";
import { afterAll, describe, expect, test } from "vitest";
import { logoPng, redSealPng, signaturePng } from "../../../tests/setup/brand-images";
import { preparePdfImages } from "./pdf-images.server";

if (spawnSync("pdftoppm", ["-v"]).error) throw new Error("pdftoppm is missing: apt-get install poppler-utils");

const dir = mkdtempSync(path.join(os.tmpdir(), "tma-pdf-images-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A one-page PDF with the images side by side, as pdfkit writes it (fixed dates: only the images differ). */
function pdfWith(images: Uint8Array[]): Promise<Buffer> {
  const date = new Date("2026-01-01T00:00:00Z");
  const doc = new PDFDocument({ info: { CreationDate: date, ModDate: date } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  images.forEach((image, i) => doc.image(Buffer.from(image), 20 + i * 150, 20, { width: 140 }));
  doc.end();
  return done;
}

/** The page as pixels (Poppler), for comparing what a reader shows. */
function pixels(pdf: Buffer, name: string): Buffer {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const result = spawnSync("pdftoppm", ["-r", "72", "-png", "-singlefile", file, path.join(dir, name)]);
  if (result.status !== 0) throw new Error(String(result.stderr));
  return PNG.sync.read(readFileSync(path.join(dir, `${name}.png`))).data;
}

/** A grey PNG with an alpha channel (colour type 4), another form uploads take. */
function greyAlphaPng(size = 90): Uint8Array {
  const png = new PNG({ width: size, height: size, colorType: 4, inputColorType: 6 } as ConstructorParameters<
    typeof PNG
  >[0]);
  for (let i = 0; i < size * size; i++) png.data.set([90, 90, 90, (i * 7) % 256], i * 4);
  return new Uint8Array(
    PNG.sync.write(png, { colorType: 4, inputColorType: 6 } as Parameters<typeof PNG.sync.write>[1]),
  );
}

describe("brand images embedded from one recording", () => {
  test("a PDF with prepared images shows exactly what pdfkit's own embedding shows, every time", async () => {
    const images = [redSealPng(300), signaturePng(200), logoPng(90), greyAlphaPng()];
    // Not prepared yet: pdfkit decodes, splits and compresses each image itself.
    const own = await pdfWith(images);
    await preparePdfImages(images.map((data) => ({ type: "image/png" as const, data })));
    const first = await pdfWith(images);
    const second = await pdfWith(images);
    expect(second.equals(first)).toBe(true);
    // Compared as buffers: a deep equality over two megabytes of pixels takes vitest many seconds.
    expect(pixels(first, "recorded").equals(pixels(own, "own"))).toBe(true);
    // The seal is there (red, partly transparent over the white page), not an empty box.
    const shown = PNG.sync.read(readFileSync(path.join(dir, "recorded.png")));
    let red = 0;
    for (let i = 0; i < shown.data.length; i += 4)
      if (shown.data[i]! > 200 && shown.data[i + 1]! < 120 && shown.data[i + 2]! < 120) red++;
    expect(red).toBeGreaterThan(1000);
  });

  test("an image that is not a readable PNG is left to pdfkit as before", async () => {
    const broken = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 0]);
    await expect(preparePdfImages([{ type: "image/png", data: broken }])).resolves.toBeUndefined();
  });
});
