// The certificates area's client-safe face: schemas, types and pure functions that components may use.
export { type CertificateRecord } from "./record";
export { parseSerial } from "./serial";
export { certificateStatus, type CertificateStatus, maskName, namesMatch } from "./status";
export { groupCode, normalizeCode } from "./verification-code";
