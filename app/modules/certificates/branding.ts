// Client-safe: the branding's shape and limits, shared by the upload form, the module and the PDF.

export const BRAND_SLOTS = ["logo", "seal", "signature"] as const;
export type BrandSlot = (typeof BRAND_SLOTS)[number];

/** Larger files make every PDF heavier and slower; a seal or a logo needs far less. */
export const MAX_BRAND_IMAGE_BYTES = 512 * 1024;
/** Pixels a side: about 8 cm at 500 dpi, more than print needs. */
export const MAX_BRAND_IMAGE_SIDE = 1600;
export const SIGNATORY_NAME_MAX = 40;

export interface BrandImage {
  data: Uint8Array;
  type: "image/png" | "image/jpeg";
}

/** What a certificate PDF carries beside the record. Every part is optional. */
export interface CertificateBranding {
  logo?: BrandImage | null;
  /** The training center's seal (公章), a red PNG with transparency. */
  seal?: BrandImage | null;
  signature?: BrandImage | null;
  signatoryName?: string | null;
  /** The certification body's seal, set by the platform. */
  bodySeal?: BrandImage | null;
  /** The certification body's switches: whether certificates carry the holder's photo and masked ID number. */
  holderFields?: { photo: boolean; idNumber: boolean };
}
