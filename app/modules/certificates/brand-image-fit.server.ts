import { createHash } from "node:crypto";
import { PNG } from "pngjs";
import type { BrandImage, CertificateBranding } from "./branding";

/**
 * The most pixels a side each brand image needs: its box on the PDF (pdf.server.tsx) at 300 dpi. Every PNG with
 * transparency is decoded, split and re-compressed in each PDF, so a 1,600 px seal costs ten times a 450 px one
 * for no visible gain on paper (docs/performance.md, session 6). JPEG logos are embedded as they are (no decoding).
 */
const PRINT_SIDE = { logo: 500, seal: 450, signature: 400, bodySeal: 450 } as const;

// Scaled images by the hash of the original and the side, per process: branding changes rarely, PDFs often.
const fitted = new Map<string, BrandImage>();
const KEPT = 64;

/** A PNG scaled down (area average, alpha-weighted) so that neither side exceeds `side`; otherwise as it was. */
export function fitPng(image: BrandImage, side: number): BrandImage {
  if (image.type !== "image/png") return image;
  const key = `${side}:${createHash("sha256").update(image.data).digest("hex")}`;
  const known = fitted.get(key);
  if (known) return known;
  let result = image;
  try {
    const source = PNG.sync.read(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength));
    const scale = side / Math.max(source.width, source.height);
    if (scale < 1) result = { type: "image/png", data: new Uint8Array(PNG.sync.write(scaled(source, scale))) };
  } catch {
    // An image the checks let through but pngjs cannot read is drawn as it is, as before.
  }
  if (fitted.size >= KEPT) fitted.delete(fitted.keys().next().value!);
  fitted.set(key, result);
  return result;
}

function scaled(source: PNG, scale: number): PNG {
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const target = new PNG({ width, height });
  const sx = source.width / width;
  const sy = source.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      let n = 0;
      for (let v = y0; v < y1; v++)
        for (let u = x0; u < x1; u++) {
          const i = (v * source.width + u) * 4;
          const alpha = source.data[i + 3]!;
          // Colours weighted by alpha: transparent pixels (often black) must not darken a seal's edge.
          r += source.data[i]! * alpha;
          g += source.data[i + 1]! * alpha;
          b += source.data[i + 2]! * alpha;
          a += alpha;
          n++;
        }
      const o = (y * width + x) * 4;
      target.data[o] = a ? Math.round(r / a) : 0;
      target.data[o + 1] = a ? Math.round(g / a) : 0;
      target.data[o + 2] = a ? Math.round(b / a) : 0;
      target.data[o + 3] = Math.round(a / n);
    }
  }
  return target;
}

/** The branding with each PNG at most its printed size (cached by content, so existing uploads benefit too). */
export function fitBrandingImages(branding: CertificateBranding): CertificateBranding {
  const fit = (image: BrandImage | null | undefined, side: number) => (image ? fitPng(image, side) : image);
  return {
    ...branding,
    logo: fit(branding.logo, PRINT_SIDE.logo),
    seal: fit(branding.seal, PRINT_SIDE.seal),
    signature: fit(branding.signature, PRINT_SIDE.signature),
    bodySeal: fit(branding.bodySeal, PRINT_SIDE.bodySeal),
  };
}
