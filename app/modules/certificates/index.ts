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
