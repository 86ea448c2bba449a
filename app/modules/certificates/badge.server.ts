import { gunzipSync, gzipSync } from "node:zlib";
import { createLocalJWKSet, jwtVerify, SignJWT, type JSONWebKeySet, type JWTPayload } from "jose";
import type { CredentialKey } from "./credential-key.server";
import type { CertificateRecord } from "./record";
import type { IdentityType } from "./subject";

export const ISSUER_NAME = "技术经理人学院 TM Academy";
/** The W3C Bitstring Status List minimum (16 KB), so one list hides which few entries are in use. */
export const STATUS_LIST_LENGTH = 131072;
/** How long a verifier may keep a status list before fetching it again (its validUntil and `ttl`). */
export const STATUS_LIST_TTL_MS = 5 * 60_000;
/** 1EdTech's schema for the credential, named so their validator knows what to check it against. */
const OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/** Certificate dates are days in China; they begin and end at midnight in +08:00. */
function startOfDay(date: string): string {
  return `${date}T00:00:00+08:00`;
}
function endOfDay(date: string): string {
  return `${date}T23:59:59+08:00`;
}
function epochSeconds(dateTime: string | Date): number {
  return Math.floor(new Date(dateTime).getTime() / 1000);
}

/** Status lists are numbered from 1; a new one starts when one fills (see status-index.server.ts). */
export function statusListUrl(publicUrl: string, list: number = 1): string {
  return `${publicUrl}/credentials/status/${list}`;
}

/** The public page and JSON-LD Achievement of a level, and its badge image. */
export function achievementUrl(publicUrl: string, levelSlug: string): string {
  return `${publicUrl}/achievements/${levelSlug}`;
}

export interface BadgeInput {
  record: CertificateRecord;
  key: CredentialKey;
  /** The JWT `kid`: the URL that returns the key's public JWK. */
  keyUrl: string;
  /** The site's origin, without a trailing slash: "https://academy.example.cn" */
  publicUrl: string;
  /** Which status list holds the certificate's bit (1, 2, …), and the bit's position in it. */
  statusList?: number;
  statusListIndex: number;
  /** Whether record.subjectHash hashes an e-mail address or a phone number (frozen in v2 records). */
  identityType: IdentityType;
  /** The credential subject's opaque id: the record's subjectId, or for older records one derived from the certificate. */
  subjectId: string;
  issuedAt: Date;
}

/** The OpenBadgeCredential (Open Badges 3.0 on the VC Data Model 2.0) a certificate stands for. */
export function badgeCredential({
  record,
  publicUrl,
  statusList = 1,
  statusListIndex,
  identityType,
  subjectId,
}: Omit<BadgeInput, "key" | "keyUrl" | "issuedAt">) {
  checkIndex(statusListIndex, STATUS_LIST_LENGTH);
  const listUrl = statusListUrl(publicUrl, statusList);
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: `${publicUrl}/verify/${record.code}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: { id: `${publicUrl}/issuer`, type: ["Profile"], name: ISSUER_NAME, url: publicUrl },
    validFrom: startOfDay(record.issuedOn),
    ...(record.expiresOn ? { validUntil: endOfDay(record.expiresOn) } : {}),
    name: `${record.levelNameZh} ${record.levelNameEn}`,
    credentialSubject: {
      id: subjectId,
      type: ["AchievementSubject"],
      // The holder is named only by a salted hash: the badge can be shared without exposing contact data.
      identifier: [
        {
          type: "IdentityObject",
          identityHash: record.subjectHash,
          identityType,
          hashed: true,
          salt: record.subjectSalt,
        },
      ],
      achievement: {
        id: achievementUrl(publicUrl, record.levelSlug),
        type: ["Achievement"],
        achievementType: "Certification",
        image: {
          id: `${achievementUrl(publicUrl, record.levelSlug)}/badge.png`,
          type: "Image",
          caption: record.levelNameEn,
        },
        name: `${record.levelNameZh} ${record.levelNameEn}`,
        description:
          `技术经理人学院颁发的${record.levelNameZh}职业能力证书。` +
          ` The ${record.levelNameEn} competence certificate awarded by TM Academy.`,
        criteria: {
          narrative:
            `完成${record.levelNameZh}培训课程并通过认证考试。` +
            ` Completed the ${record.levelNameEn} training and passed the certification examination.`,
        },
      },
    },
    credentialStatus: {
      id: `${listUrl}#${statusListIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(statusListIndex),
      statusListCredential: listUrl,
    },
    credentialSchema: [{ id: OB_SCHEMA, type: "1EdTechJsonSchemaValidator2019" }],
  };
}

/**
 * The badge as a VC-JWT (Open Badges 3.0 §8.2): ES256, `kid` the URL of the public JWK, the credential
 * itself the JWT payload, with the registered claims mirroring it — iss = issuer.id, jti = id,
 * sub = credentialSubject.id, nbf = validFrom, exp = validUntil.
 */
export async function issueBadgeJwt({ key, keyUrl, issuedAt, ...input }: BadgeInput): Promise<string> {
  const credential = badgeCredential(input);
  const jwt = new SignJWT(credential as unknown as JWTPayload)
    .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: keyUrl })
    .setIssuer(credential.issuer.id)
    .setJti(credential.id)
    .setSubject(credential.credentialSubject.id)
    .setNotBefore(epochSeconds(credential.validFrom))
    .setIssuedAt(epochSeconds(issuedAt));
  if (credential.validUntil) jwt.setExpirationTime(epochSeconds(credential.validUntil));
  return jwt.sign(key.privateKey);
}

function checkIndex(index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new RangeError(`Status list index ${index} is outside 0..${length - 1}`);
  }
}

/** GZIP of the bitstring, multibase base64url ("u", no padding); bit 0 is the first byte's high bit. */
export function encodeStatusList(revokedIndexes: number[], length: number = STATUS_LIST_LENGTH): string {
  if (!Number.isInteger(length) || length <= 0 || length % 8 !== 0)
    throw new RangeError(`Bad status list length ${length}`);
  const bits = new Uint8Array(length / 8);
  for (const index of revokedIndexes) {
    checkIndex(index, length);
    bits[index >> 3]! |= 0x80 >> (index & 7);
  }
  return `u${gzipSync(bits).toString("base64url")}`;
}

/** The status bit at `index` of an encodedList: 1 when that credential is revoked. */
export function statusBitOf(encodedList: string, index: number): 0 | 1 {
  if (!encodedList.startsWith("u")) throw new Error("The encoded list must be multibase base64url ('u')");
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), "base64url"));
  checkIndex(index, bits.length * 8);
  return (bits[index >> 3]! & (0x80 >> (index & 7))) === 0 ? 0 : 1;
}

export interface StatusListInput {
  key: CredentialKey;
  keyUrl: string;
  publicUrl: string;
  /** The list's number (1, 2, …). */
  list?: number;
  revokedIndexes: number[];
  length?: number;
  issuedAt: Date;
}

/**
 * The BitstringStatusListCredential (W3C Bitstring Status List v1.0) at `id`, unsigned. Signed afresh on
 * every request, so it is only as old as the caches in front of it: a verifier keeps it no longer than
 * the ttl, and a copy found later has expired.
 */
export function statusListCredential({
  id,
  publicUrl,
  revokedIndexes,
  length = STATUS_LIST_LENGTH,
  issuedAt,
}: Omit<StatusListInput, "key" | "keyUrl" | "list"> & { id: string }) {
  const validUntil = new Date(issuedAt.getTime() + STATUS_LIST_TTL_MS);
  return {
    "@context": [VC_CONTEXT],
    id,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: `${publicUrl}/issuer`,
    validFrom: issuedAt.toISOString(),
    validUntil: validUntil.toISOString(),
    credentialSubject: {
      id: `${id}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      ttl: STATUS_LIST_TTL_MS,
      encodedList: encodeStatusList(revokedIndexes, length),
    },
  };
}

/** The status list that VC-JWT badges point to, as a VC-JWT. */
export async function issueStatusListJwt({ key, keyUrl, list = 1, ...input }: StatusListInput): Promise<string> {
  const id = statusListUrl(input.publicUrl, list);
  const credential = statusListCredential({ ...input, id });
  const validUntil = new Date(credential.validUntil);
  const issuedAt = new Date(credential.validFrom);
  return new SignJWT(credential)
    .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: keyUrl })
    .setIssuer(credential.issuer)
    .setJti(id)
    .setNotBefore(epochSeconds(issuedAt))
    .setIssuedAt(epochSeconds(issuedAt))
    .setExpirationTime(epochSeconds(validUntil))
    .sign(key.privateKey);
}

/**
 * Checks a badge or status list JWT against a published JWK Set and returns its payload; throws
 * (jose's errors) when the signature, the key or the dates do not hold.
 */
export async function verifyBadgeJwt(
  jwt: string,
  jwks: JSONWebKeySet | { keys: object[] },
  options: { currentDate?: Date } = {},
): Promise<JWTPayload & Record<string, unknown>> {
  const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks as JSONWebKeySet), {
    // ES256 since OB 3.0 §8.2 conformance; EdDSA for credentials downloaded before.
    algorithms: ["ES256", "EdDSA"],
    typ: "JWT",
    currentDate: options.currentDate,
  });
  return payload;
}
