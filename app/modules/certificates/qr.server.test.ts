import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, test } from "vitest";
import { qrPngBuffer, qrPngDataUrl, qrSvgPath } from "./qr.server";

function decode(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

describe("QR codes", () => {
  const url = "https://academy.example.cn/verify/7K3M9QX2PD";

  test("a PNG that reads back as the URL", async () => {
    const png = await qrPngBuffer(url);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(PNG.sync.read(png).width).toBe(300);
    expect(decode(png)).toBe(url);
  });

  test("the data URL carries the same PNG", async () => {
    const dataUrl = await qrPngDataUrl(url, 200);
    expect(dataUrl.startsWith("data:image/png;base64,")).toBe(true);
    expect(decode(Buffer.from(dataUrl.slice("data:image/png;base64,".length), "base64"))).toBe(url);
  });
});

/** Paints an SVG path of the form qrSvgPath writes (M x y h w v1 h-w z) into a PNG, `scale` pixels a module. */
function rasterize({ size, path }: { size: number; path: string }, scale = 8): Buffer {
  const png = new PNG({ width: size * scale, height: size * scale });
  png.data.fill(255);
  for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let py = Number(y) * scale; py < (Number(y) + 1) * scale; py++) {
      for (let px = Number(x) * scale; px < (Number(x) + Number(w)) * scale; px++) {
        const i = (py * png.width + px) * 4;
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
      }
    }
  }
  return PNG.sync.write(png);
}

describe("QR codes as vector paths", () => {
  test("the path draws a code that reads back as the URL", () => {
    const url = "https://academy.example.cn/verify/7K3M9QX2PD";
    const vector = qrSvgPath(url);
    expect(vector.path).toMatch(/^(M\d+ \d+h\d+v1h-\d+z)+$/);
    expect(decode(rasterize(vector))).toBe(url);
  });
});
