import type { DbOrTx } from "#db/client";
import type { CertificateBranding } from "./branding";
import { type BrandingState, holderFieldsOf, pdfBrandingFor } from "./branding.server";
import { holderPrintsOf } from "./holder.server";
import { verifyUrlOf } from "./credentials.server";
import { pdfSigningMaterial } from "./pdf-identity.server";
import type { PdfSigningMaterial } from "./pdf-signature.server";
import {
  type CertificateLanguage,
  type CertificatePdfOptions,
  renderCertificatePdf,
  type ZipEntry,
} from "./pdf.server";
import { brandingHash, renderKeyOf, storedPdf, storedPdfReader, storedRenderKeys, storePdf } from "./pdf-store.server";
import { type CertificateRecord, sampleRecord } from "./record";

/** The signature dictionary's entries: ASCII only, as @signpdf writes them as PDF literal strings. */
function signatureFor(
  record: CertificateRecord,
  material: PdfSigningMaterial,
): NonNullable<CertificatePdfOptions["signature"]> {
  return { material, name: "TM Academy", reason: `Certificate ${record.serial} issued by TM Academy`, location: "CN" };
}

const NO_FIELDS = { photo: false, idNumber: false };

/**
 * A certificate's PDF as it is downloaded: with its center's published branding and, while the body's
 * switches are on, the holder's photo and masked ID number frozen at issue; signed (PAdES). An issued
 * certificate's PDF is kept (pdf-store.server.ts) and served again while nothing it is made from changed.
 */
export async function signedCertificatePdf(
  db: DbOrTx,
  certificate: { id?: string; record: CertificateRecord; centerId: string | null },
  language: CertificateLanguage = "zh",
): Promise<Buffer> {
  const [branding, material] = await Promise.all([pdfBrandingFor(db, certificate.centerId), pdfSigningMaterial()]);
  const { record, id } = certificate;
  const holder = id ? (await holderPrintsOf(db, [id], branding.holderFields ?? NO_FIELDS)).get(id) : undefined;
  const options = { verifyUrl: verifyUrlOf(record.code), language, branding, holder };
  if (!id) return renderCertificatePdf(record, { ...options, signature: signatureFor(record, material) });
  const renderKey = renderKeyOf({ record, ...options }, brandingHash(branding), material);
  const stored = await storedPdf(db, id, language, renderKey);
  if (stored) return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const pdf = await renderCertificatePdf(record, { ...options, signature: signatureFor(record, material) });
  await storePdf(db, id, language, renderKey, pdf);
  return pdf;
}

/** A ZIP entry of an issued certificate, with whether a current PDF of it is stored. */
export interface StoredZipEntry extends ZipEntry {
  certificateId: string;
  renderKey: string;
  isStored: boolean;
}

/**
 * The ZIP entries of many certificates: each with its own center's branding (looked up once per center),
 * signed; stored PDFs are read from the store, the others rendered and kept.
 */
export async function signedZipEntries(
  db: DbOrTx,
  certificates: { id: string; record: CertificateRecord; centerId: string | null; fileName: string }[],
  language: CertificateLanguage = "zh",
): Promise<StoredZipEntry[]> {
  const material = await pdfSigningMaterial();
  // The body's switches are one for all; the frozen photos and numbers are read in one query.
  const fields = await holderFieldsOf(db);
  const ids = certificates.map((c) => c.id);
  const [holders, storedKeys] = await Promise.all([
    holderPrintsOf(db, ids, fields),
    storedRenderKeys(db, ids, language),
  ]);
  const brandings = new Map<string | null, Promise<{ branding: CertificateBranding; key: string }>>();
  const entries: StoredZipEntry[] = [];
  for (const { id, record, centerId, fileName } of certificates) {
    if (!brandings.has(centerId))
      brandings.set(
        centerId,
        pdfBrandingFor(db, centerId).then((branding) => ({ branding, key: brandingHash(branding) })),
      );
    const { branding, key } = await brandings.get(centerId)!;
    const entry = {
      record,
      fileName,
      language,
      verifyUrl: verifyUrlOf(record.code),
      branding,
      holder: holders.get(id),
    };
    const renderKey = renderKeyOf(entry, key, material);
    entries.push({
      ...entry,
      signature: signatureFor(record, material),
      certificateId: id,
      renderKey,
      isStored: storedKeys.get(id) === renderKey,
    });
  }
  const read = storedPdfReader(
    db,
    entries.filter((e) => e.isStored),
    language,
  );
  for (const entry of entries) {
    if (entry.isStored) entry.stored = () => read(entry.certificateId);
    entry.keep = (pdf) => storePdf(db, entry.certificateId, language, entry.renderKey, pdf);
  }
  return entries;
}

/**
 * A sample certificate of an organization with its draft (or published) branding, for the preview before
 * anything is used: the same layout and signature as a real one, marked as a sample in the holder's place.
 */
export async function brandingPreviewPdf(
  db: DbOrTx,
  organization: { id: string; nameZh: string; nameEn: string },
  state: BrandingState,
  language: CertificateLanguage = "zh",
) {
  const [branding, material] = await Promise.all([pdfBrandingFor(db, organization.id, state), pdfSigningMaterial()]);
  // Where the holder's photo and masked number go, when the body's switches (as previewed) are on.
  const fields = branding.holderFields ?? NO_FIELDS;
  const holder = {
    samplePhoto: fields.photo,
    idNumberMasked: fields.idNumber ? "110***********002X" : null,
  };
  const record = sampleRecord({
    holderName: language === "zh" ? "样本 SAMPLE" : "SAMPLE 样本",
    centerNameZh: organization.nameZh,
    centerNameEn: organization.nameEn,
  });
  return renderCertificatePdf(record, {
    verifyUrl: verifyUrlOf(record.code),
    language,
    branding,
    holder,
    signature: signatureFor(record, material),
  });
}
