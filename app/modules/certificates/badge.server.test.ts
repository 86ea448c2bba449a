import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, test } from "vitest";
import {
  STATUS_LIST_LENGTH,
  encodeStatusList,
  issueBadgeJwt,
  issueStatusListJwt,
  statusBitOf,
  verifyBadgeJwt,
} from "./badge.server";
import { generateSigningKeyPem, jwksDocument, parseSigningKey, type SigningKey } from "./keys.server";
import { sampleRecord } from "../../../tests/setup/sample-record";

const publicUrl = "https://academy.example.cn";
const issuedAt = new Date("2026-11-27T04:30:00Z");
const key = parseSigningKey(generateSigningKeyPem());
const jwksOf = (...keys: SigningKey[]) =>
  jwksDocument(keys.map((k) => ({ publicJwk: k.publicJwk, kid: k.kid, activeFrom: new Date("2026-01-01T00:00:00Z"), activeUntil: null })));
const during = { currentDate: new Date("2027-03-01T00:00:00Z") };

function badge(overrides: Parameters<typeof sampleRecord>[0] = {}) {
  return issueBadgeJwt({
    record: sampleRecord(overrides),
    key,
    publicUrl,
    statusListIndex: 42,
    identityType: "emailAddress",
    issuedAt,
  });
}

describe("Open Badges 3.0 credentials as VC-JWT", () => {
  test("verifies against the published JWKS and carries the credential as its payload", async () => {
    const jwt = await badge();
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: "EdDSA", typ: "JWT", kid: key.kid });
    const payload = await verifyBadgeJwt(jwt, jwksOf(parseSigningKey(generateSigningKeyPem()), key), during);
    const record = sampleRecord();
    expect(payload).toMatchObject({
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      id: `${publicUrl}/verify/${record.code}`,
      issuer: { id: `${publicUrl}/issuer`, type: ["Profile"], name: "技术经理人学院 TM Academy", url: publicUrl },
      validFrom: "2026-11-27T00:00:00+08:00",
      validUntil: "2029-11-26T23:59:59+08:00",
      credentialSubject: {
        type: ["AchievementSubject"],
        identifier: [
          {
            type: "IdentityObject",
            identityHash: record.subjectHash,
            identityType: "emailAddress",
            hashed: true,
            salt: record.subjectSalt,
          },
        ],
        achievement: {
          id: `${publicUrl}/achievements/junior`,
          type: ["Achievement"],
          achievementType: "Certification",
          name: "初级技术经理人 Junior Technology Manager",
        },
      },
      credentialStatus: {
        id: `${publicUrl}/credentials/status/1#42`,
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListIndex: "42",
        statusListCredential: `${publicUrl}/credentials/status/1`,
      },
      // The registered claims mirror the credential (OB 3.0 §8.2.4.1).
      iss: `${publicUrl}/issuer`,
      jti: `${publicUrl}/verify/${record.code}`,
      sub: record.subjectHash,
      nbf: Date.parse("2026-11-27T00:00:00+08:00") / 1000,
      exp: Date.parse("2029-11-26T23:59:59+08:00") / 1000,
      iat: Math.floor(issuedAt.getTime() / 1000),
    });
    const achievement = (payload.credentialSubject as { achievement: Record<string, unknown> }).achievement;
    expect(achievement.description).toEqual(expect.stringContaining("初级技术经理人"));
    expect(achievement.criteria).toEqual({ narrative: expect.stringContaining("Junior Technology Manager") });
  });

  test("a certificate without expiry has no validUntil and no exp", async () => {
    const payload = decodeJwt(await badge({ expiresOn: null }));
    expect(payload).not.toHaveProperty("validUntil");
    expect(payload).not.toHaveProperty("exp");
    expect(await verifyBadgeJwt(await badge({ expiresOn: null }), jwksOf(key), { currentDate: new Date("2090-01-01") })).toBeTruthy();
  });

  test("fails when one character of the payload is changed", async () => {
    const jwt = await badge();
    const [header, payload, signature] = jwt.split(".") as [string, string, string];
    const i = Math.floor(payload.length / 2);
    const forged = `${header}.${payload.slice(0, i)}${payload[i] === "A" ? "B" : "A"}${payload.slice(i + 1)}.${signature}`;
    await expect(verifyBadgeJwt(forged, jwksOf(key), during)).rejects.toMatchObject({
      code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
    });
  });

  test("fails with a JWKS that lacks the signing key, and outside the validity period", async () => {
    const jwt = await badge();
    await expect(verifyBadgeJwt(jwt, jwksOf(parseSigningKey(generateSigningKeyPem())), during)).rejects.toThrow();
    await expect(verifyBadgeJwt(jwt, jwksOf(key), { currentDate: new Date("2026-11-26T12:00:00Z") })).rejects.toThrow(/nbf/);
    await expect(verifyBadgeJwt(jwt, jwksOf(key), { currentDate: new Date("2029-11-27T00:00:00+08:00") })).rejects.toThrow(/exp/);
  });

  test("refuses a status list index outside the list", async () => {
    await expect(
      issueBadgeJwt({ record: sampleRecord(), key, publicUrl, statusListIndex: STATUS_LIST_LENGTH, identityType: "phone", issuedAt }),
    ).rejects.toThrow(RangeError);
  });
});

describe("Bitstring Status List revocation", () => {
  test("a credential's bit is 0 until its index is revoked, then 1", async () => {
    const before = await issueStatusListJwt({ key, publicUrl, revokedIndexes: [], issuedAt });
    const after = await issueStatusListJwt({ key, publicUrl, revokedIndexes: [7, 42, 131071], issuedAt });
    const listOf = async (jwt: string) => {
      const payload = await verifyBadgeJwt(jwt, jwksOf(key), during);
      return (payload.credentialSubject as { encodedList: string }).encodedList;
    };
    expect(statusBitOf(await listOf(before), 42)).toBe(0);
    const revoked = await listOf(after);
    expect(statusBitOf(revoked, 42)).toBe(1);
    expect(statusBitOf(revoked, 7)).toBe(1);
    expect(statusBitOf(revoked, 131071)).toBe(1);
    expect(statusBitOf(revoked, 41)).toBe(0);
    expect(statusBitOf(revoked, 43)).toBe(0);
  });

  test("is a signed BitstringStatusListCredential", async () => {
    const jwt = await issueStatusListJwt({ key, publicUrl, revokedIndexes: [1], issuedAt });
    const payload = await verifyBadgeJwt(jwt, jwksOf(key), during);
    expect(payload).toMatchObject({
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      id: `${publicUrl}/credentials/status/1`,
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      issuer: `${publicUrl}/issuer`,
      validFrom: issuedAt.toISOString(),
      credentialSubject: { type: "BitstringStatusList", statusPurpose: "revocation" },
      iss: `${publicUrl}/issuer`,
      jti: `${publicUrl}/credentials/status/1`,
    });
  });

  test("bit 0 is the most significant bit of the first byte, the list gzip-compressed and multibase base64url", async () => {
    const encoded = encodeStatusList([0, 9], 16);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    const { gunzipSync } = await import("node:zlib");
    expect([...gunzipSync(Buffer.from(encoded.slice(1), "base64url"))]).toEqual([0b1000_0000, 0b0100_0000]);
    // The default list is 16 KB of bits yet compresses to a short string when nearly empty.
    expect(encodeStatusList([5]).length).toBeLessThan(200);
    expect(() => encodeStatusList([16], 16)).toThrow(RangeError);
    expect(() => encodeStatusList([], 12)).toThrow(RangeError);
    expect(() => statusBitOf(encoded, 16)).toThrow(RangeError);
  });
});
