import QRCode, { type QRCodeErrorCorrectionLevel, type QRCodeToBufferOptions } from "qrcode";

/** Level M survives a smudge or a fold on paper (about 15% damage) while keeping the code small. */
const ERROR_CORRECTION: QRCodeErrorCorrectionLevel = "M";
/** Quiet zone in modules; where the code is placed, the page around it adds more. */
const MARGIN = 1;

function pngOptions(width: number): QRCodeToBufferOptions {
  return { type: "png", errorCorrectionLevel: ERROR_CORRECTION, margin: MARGIN, width };
}

/** A QR code for `url` as PNG bytes; `width` in pixels. */
export function qrPngBuffer(url: string, width = 300): Promise<Buffer> {
  return QRCode.toBuffer(url, pngOptions(width));
}

/** The same as a `data:image/png;base64,…` URL, for an <img> on a page. */
export async function qrPngDataUrl(url: string, width = 300): Promise<string> {
  return `data:image/png;base64,${(await qrPngBuffer(url, width)).toString("base64")}`;
}

/**
 * The same code as vector outlines: an SVG path of its dark modules in a `size`×`size` box (one unit
 * per module, margin included). Sharp at any print resolution, and it spares the PDF a PNG to encode
 * and decode on every certificate.
 */
export function qrSvgPath(url: string): { size: number; path: string } {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: ERROR_CORRECTION });
  const commands: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      // One rectangle per horizontal run of dark modules keeps the path short.
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      const run = col - start;
      commands.push(`M${start + MARGIN} ${row + MARGIN}h${run}v1h-${run}z`);
    }
  }
  return { size: modules.size + 2 * MARGIN, path: commands.join("") };
}
