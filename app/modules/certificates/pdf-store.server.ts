import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificatePdfs, certificates } from "#db/schema";
import type { BrandImage, CertificateBranding } from "./branding";
import type { HolderPrint } from "./holder";
import type { CertificateLanguage, ZipEntry } from "./pdf.server";
import type { PdfSigningMaterial } from "./pdf-signature.server";

/**
 * The layout's version: part of every render key, so stored PDFs are rendered again after a change to the
 * certificate's design (pdf.server.tsx). Raise it with any change that alters what a PDF shows.
 */
export const PDF_LAYOUT_VERSION = 1;

function hashOf(parts: (string | Uint8Array | null | undefined)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) {
    // Each part is length-prefixed, so ("ab", "c") and ("a", "bc") hash differently.
    const bytes = part == null ? new Uint8Array() : typeof part === "string" ? Buffer.from(part) : part;
    hash.update(`${part == null ? "-" : bytes.byteLength}:`);
    hash.update(bytes);
  }
  return hash.digest("hex");
}

const imageParts = (image: BrandImage | null | undefined) => [image?.type, image?.data];

/** A hash of what the branding puts on a PDF (images, signatory, the body's switches). */
export function brandingHash(branding: CertificateBranding): string {
  return hashOf([
    ...imageParts(branding.logo),
    ...imageParts(branding.seal),
    ...imageParts(branding.signature),
    ...imageParts(branding.bodySeal),
    branding.signatoryName,
    JSON.stringify(branding.holderFields ?? null),
  ]);
}

/**
 * Everything a certificate's signed PDF is made from, as one hash: when it equals the stored row's, the stored
 * bytes are what a render would give (but for the signing time).
 */
export function renderKeyOf(
  entry: Pick<ZipEntry, "record" | "verifyUrl" | "language" | "holder">,
  brandingKey: string,
  material: PdfSigningMaterial,
): string {
  const holder: HolderPrint = entry.holder ?? {};
  return hashOf([
    String(PDF_LAYOUT_VERSION),
    JSON.stringify(entry.record),
    entry.language ?? "zh",
    entry.verifyUrl,
    brandingKey,
    ...imageParts(holder.photo),
    holder.idNumberMasked,
    // The signer's certificate (and so its key): a new one re-signs every PDF.
    material.certificatesPem,
  ]);
}

/** The stored render keys of these certificates in one language (certificate id → key). */
export async function storedRenderKeys(
  db: DbOrTx,
  certificateIds: readonly string[],
  language: CertificateLanguage,
): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  if (!certificateIds.length) return keys;
  const rows = await db
    .select({ id: certificatePdfs.certificateId, key: certificatePdfs.renderKey })
    .from(certificatePdfs)
    .where(and(inArray(certificatePdfs.certificateId, [...certificateIds]), eq(certificatePdfs.language, language)));
  for (const row of rows) keys.set(row.id, row.key);
  return keys;
}

/** A stored PDF, if its render key is still the one given (else it is stale and must not be served). */
export async function storedPdf(
  db: DbOrTx,
  certificateId: string,
  language: CertificateLanguage,
  renderKey: string,
): Promise<Uint8Array | undefined> {
  const [row] = await db
    .select({ pdf: certificatePdfs.pdf })
    .from(certificatePdfs)
    .where(
      and(
        eq(certificatePdfs.certificateId, certificateId),
        eq(certificatePdfs.language, language),
        eq(certificatePdfs.renderKey, renderKey),
      ),
    );
  return row?.pdf;
}

/** Keeps a rendered PDF; a later render of the same certificate and language replaces it (one row each). */
export function storePdf(
  db: DbOrTx,
  certificateId: string,
  language: CertificateLanguage,
  renderKey: string,
  pdf: Uint8Array,
): Promise<void> {
  return storePdfs(db, language, [{ certificateId, renderKey, pdf }]);
}

/** A rendered PDF to keep: the certificate's, made from what `renderKey` sums up. */
export interface PdfToKeep {
  certificateId: string;
  renderKey: string;
  pdf: Uint8Array;
}

/**
 * Keeps rendered PDFs of one language in one statement (a job renders hundreds), each replacing the certificate's
 * earlier one.
 */
export async function storePdfs(db: DbOrTx, language: CertificateLanguage, pdfs: readonly PdfToKeep[]): Promise<void> {
  // One row per certificate: a statement may not update the same row twice (the last render wins).
  const rows = [...new Map(pdfs.map((p) => [p.certificateId, p])).values()].map((p) => ({
    certificateId: p.certificateId,
    language,
    renderKey: p.renderKey,
    pdf: Buffer.from(p.pdf.buffer, p.pdf.byteOffset, p.pdf.byteLength),
  }));
  if (!rows.length) return;
  await db
    .insert(certificatePdfs)
    .values(rows)
    .onConflictDoUpdate({
      target: [certificatePdfs.certificateId, certificatePdfs.language],
      set: { renderKey: sql`excluded.render_key`, pdf: sql`excluded.pdf`, renderedAt: sql`now()` },
    });
}

/**
 * Reads stored PDFs in the order they are asked for, a batch at a time: a ZIP of thousands holds about one
 * batch in memory, in one query per batch.
 */
export function storedPdfReader(
  db: DbOrTx,
  wanted: readonly { certificateId: string; renderKey: string }[],
  language: CertificateLanguage,
  batchSize = 50,
) {
  const position = new Map(wanted.map((w, i) => [w.certificateId, i]));
  let batchStart = -1;
  let batch: Promise<Map<string, Uint8Array>> = Promise.resolve(new Map());
  return async (certificateId: string): Promise<Uint8Array | undefined> => {
    const at = position.get(certificateId);
    if (at === undefined) return undefined;
    const start = Math.floor(at / batchSize) * batchSize;
    if (start !== batchStart) {
      batchStart = start;
      const slice = wanted.slice(start, start + batchSize);
      batch = db
        .select({ id: certificatePdfs.certificateId, key: certificatePdfs.renderKey, pdf: certificatePdfs.pdf })
        .from(certificatePdfs)
        .where(
          and(
            inArray(
              certificatePdfs.certificateId,
              slice.map((w) => w.certificateId),
            ),
            eq(certificatePdfs.language, language),
          ),
        )
        .then((rows) => {
          const keys = new Map(slice.map((w) => [w.certificateId, w.renderKey]));
          // Only rows whose key is still current: a stale row is rendered again by the caller.
          return new Map(rows.filter((r) => keys.get(r.id) === r.key).map((r) => [r.id, r.pdf]));
        });
    }
    return (await batch).get(certificateId);
  };
}

/** Forgets the stored PDFs of a person's certificates (an erasure: they carry the name, photo and ID number). */
export async function forgetStoredPdfsOf(db: DbOrTx, userId: string): Promise<void> {
  await db
    .delete(certificatePdfs)
    .where(
      inArray(
        certificatePdfs.certificateId,
        db.select({ id: certificates.id }).from(certificates).where(eq(certificates.userId, userId)),
      ),
    );
}
