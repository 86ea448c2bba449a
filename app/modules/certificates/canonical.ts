import { pickRecordFields, recordVersion, type CertificateRecord } from "./record";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The version of the signed payload's layout; bump it if the payload ever changes shape. */
export const PAYLOAD_VERSION = 1;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * RFC 8785 JSON Canonicalization Scheme: one spelling per value, so a signature over it can be checked
 * by anyone who rebuilds the same value. Throws on anything that is not plain JSON rather than
 * silently dropping it (as JSON.stringify does with undefined).
 */
export function canonicalize(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`Cannot canonicalize the number ${value}`);
      // ECMAScript's Number serialization is the one RFC 8785 prescribes (and turns -0 into 0).
      return JSON.stringify(value);
    case "string":
      // I-JSON (RFC 7493), which RFC 8785 builds on, forbids unpaired surrogates.
      if (LONE_SURROGATE.test(value)) throw new TypeError("Cannot canonicalize a string with an unpaired surrogate");
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new TypeError(`Cannot canonicalize a value of type ${typeof value}`);
  }
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalize(item)).join(",")}]`;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`Cannot canonicalize a ${value.constructor?.name ?? "non-plain"} object`);
  }
  // The default sort compares UTF-16 code units, exactly as RFC 8785 §3.2.3 asks.
  const keys = Object.keys(value).sort();
  const members = keys.map((key) => `${canonicalize(key)}:${canonicalize((value as Record<string, unknown>)[key])}`);
  return `{${members.join(",")}}`;
}

/**
 * The bytes a certificate's signature covers: the canonical JSON of `{ v, ...record }` in UTF-8, where v is
 * 1 for the original fields and 2 for records that also freeze the credential subject (subjectId, identityType).
 */
export function recordPayload(record: CertificateRecord): Uint8Array {
  const v = recordVersion(record) === 2 ? 2 : PAYLOAD_VERSION;
  return new TextEncoder().encode(canonicalize({ v, ...pickRecordFields(record) }));
}
