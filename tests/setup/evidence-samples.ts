/** Small real files of each evidence type, and forged ones, for tests. */
export const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

// Real minimal headers of each accepted format.
export const samples = {
  pdf: bytes("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"),
  png: bytes(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13],
    "IHDR",
    [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0],
  ),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], "JFIF", [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]),
  webp: bytes("RIFF", [26, 0, 0, 0], "WEBPVP8L", [13, 0, 0, 0, 0x2f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
};

/** A Windows program and an HTML page, both named as if they were PDFs by whoever uploads them. */
export const forged = {
  exe: bytes("MZ", [0x90, 0, 3, 0, 0, 0], "This program cannot be run in DOS mode"),
  html: bytes("<!doctype html><script>alert(1)</script>"),
};
