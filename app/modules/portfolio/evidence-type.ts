/**
 * What an evidence file really is, judged from its first bytes (magic numbers) — never from its name or
 * the type the browser claims, both of which the uploader controls.
 */
export const EVIDENCE_TYPES = {
  "application/pdf": { extensions: ["pdf"] },
  "image/png": { extensions: ["png"] },
  "image/jpeg": { extensions: ["jpg", "jpeg"] },
  "image/webp": { extensions: ["webp"] },
} as const;
export type EvidenceMimeType = keyof typeof EVIDENCE_TYPES;

export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;
export const MAX_EVIDENCE_PER_CASE = 10;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const PDF = ascii("%PDF-");
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const RIFF = ascii("RIFF");
const WEBP = ascii("WEBP");

export function sniffEvidenceType(bytes: Uint8Array): EvidenceMimeType | null {
  if (startsWith(bytes, PDF)) return "application/pdf";
  if (startsWith(bytes, PNG)) return "image/png";
  if (startsWith(bytes, JPEG)) return "image/jpeg";
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return "image/webp";
  return null;
}

/**
 * The name the file is kept (and later downloaded) under: the uploader's base name, cleaned of control
 * and path characters, with an extension that matches the detected type so the saved file opens as what
 * it is.
 */
export function evidenceFileName(uploaded: string, type: EvidenceMimeType) {
  const cleaned = uploaded
    .split(/[/\\]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "")
    .trim();
  const own: readonly string[] = EVIDENCE_TYPES[type].extensions;
  const known: readonly string[] = Object.values(EVIDENCE_TYPES).flatMap((t) => t.extensions);
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 ? cleaned.slice(dot + 1).toLowerCase() : "";
  if (own.includes(extension)) return `${cleaned.slice(0, dot).slice(0, 200)}.${extension}`;
  // A scan named .pdf that is really a PNG becomes .png; "report.v2" keeps its name and gains ".pdf".
  const base = (known.includes(extension) ? cleaned.slice(0, dot) : cleaned).slice(0, 200) || "evidence";
  return `${base}.${own[0]}`;
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback name and the real (often Chinese) name in
 * RFC 5987 form, which every current browser prefers.
 */
export function attachmentDisposition(fileName: string) {
  const dot = fileName.lastIndexOf(".");
  const extension = dot > 0 ? fileName.slice(dot).replace(/[^A-Za-z0-9.]/g, "") : "";
  const asciiBase = (dot > 0 ? fileName.slice(0, dot) : fileName).replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "");
  const ascii = `${asciiBase || "evidence"}${extension}`;
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
