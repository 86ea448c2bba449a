// The certificates area's client-safe face: schemas, types and pure functions that components may use.
export { type CertificateRecord } from "./record";
export { parseSerial } from "./serial";
export { certificateStatus, type CertificateStatus, maskName, namesMatch } from "./status";
export { groupCode, normalizeCode } from "./verification-code";
export {
  BRAND_SLOTS,
  type BrandSlot,
  MAX_BRAND_IMAGE_BYTES,
  MAX_BRAND_IMAGE_SIDE,
  SIGNATORY_NAME_MAX,
} from "./branding";
export {
  HOLDER_PHOTO_RETURN_REASON_MAX,
  type HolderFields,
  holderIdNumberSchema,
  holderPhotoDecisionSchema,
  type HolderPhotoStatus,
  MAX_HOLDER_PHOTO_BYTES,
  MIN_HOLDER_PHOTO_WIDTH,
} from "./holder";
