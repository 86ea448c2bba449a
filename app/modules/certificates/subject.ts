import { createHash, randomBytes } from "node:crypto";

/**
 * The Open Badges 3.0 IdentityObject identityType for each kind of identifier we hash: IdentifierTypeEnum
 * has no phone number, and extensions take the `ext:` prefix. ("phone" is what records before payload v2
 * implied; it fails the official schema, so credentials never carry it.)
 */
export type IdentityType = "emailAddress" | "ext:phone";

export interface SubjectHash {
  /** "sha256$<hex>", an Open Badges IdentityHash */
  hash: string;
  /** hex */
  salt: string;
}

export function identityTypeOf(identifier: string): IdentityType {
  return identifier.includes("@") ? "emailAddress" : "ext:phone";
}

/**
 * One spelling per person, so that whoever holds the e-mail or number can recompute the hash:
 * an e-mail trimmed and lower-cased; a mobile number as its digits without the 86 country code.
 */
export function normalizeSubjectIdentifier(identifier: string): string {
  if (identityTypeOf(identifier) === "emailAddress") {
    const email = identifier.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error("Not an e-mail address");
    return email;
  }
  const digits = identifier.replace(/\D/g, "").replace(/^(?:00)?86(?=\d{11}$)/, "");
  if (!digits) throw new Error("Neither an e-mail address nor a phone number");
  return digits;
}

/**
 * Open Badges 3.0 IdentityHash: "sha256$" + hex SHA-256 of the identifier with the salt appended,
 * published in an IdentityObject with `hashed: true` and the salt. A fresh salt per certificate defeats
 * precomputed tables and keeps two certificates of one person from being linked by their hash.
 */
export function subjectHashOf(identifier: string, salt: string = randomBytes(16).toString("hex")): SubjectHash {
  const digest = createHash("sha256")
    .update(normalizeSubjectIdentifier(identifier) + salt, "utf8")
    .digest("hex");
  return { hash: `sha256$${digest}`, salt };
}
