import { fileTypeFromBuffer } from "file-type";

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

// file-type names finer kinds of two formats we take: an animated PNG, and JPEG-LS (which starts as a JPEG).
const SAME_AS: Partial<Record<string, EvidenceMimeType>> = { "image/apng": "image/png", "image/jls": "image/jpeg" };

export async function sniffEvidenceType(bytes: Uint8Array): Promise<EvidenceMimeType | null> {
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected) return null;
  const mime = SAME_AS[detected.mime] ?? detected.mime;
  return mime in EVIDENCE_TYPES ? (mime as EvidenceMimeType) : null;
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
  const asciiBase = (dot > 0 ? fileName.slice(0, dot) : fileName)
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const ascii = `${asciiBase || "evidence"}${extension}`;
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
