import { PNG } from "pngjs";

/** A PNG of `size`² pixels drawn by `paint` (RGBA per pixel; alpha 0 is transparent). */
export function drawPng(size: number, paint: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const [r, g, b, a] = paint(x, y);
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  return new Uint8Array(PNG.sync.write(png));
}

/** A red seal as centers upload it: a filled red disc with a ring, on transparency. */
export function redSealPng(size = 240): Uint8Array {
  const c = size / 2;
  return drawPng(size, (x, y) => {
    const d = Math.hypot(x - c, y - c);
    if (d > c - 2) return [0, 0, 0, 0];
    if (d > c - 14 || d < c * 0.55) return [220, 20, 30, 255];
    return [220, 20, 30, 90];
  });
}

/** A navy logo square (no transparency). */
export function logoPng(size = 120): Uint8Array {
  return drawPng(size, () => [27, 47, 94, 255]);
}

/** A dark signature stroke on transparency. */
export function signaturePng(size = 160): Uint8Array {
  return drawPng(size, (x, y) =>
    Math.abs(y - size / 2 - 20 * Math.sin(x / 12)) < 3 ? [20, 20, 40, 255] : [0, 0, 0, 0],
  );
}
