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
import { credentialKeyOf, credentialKeyUrl, type CredentialKey } from "./credential-key.server";
import { generateSigningKeyPem, parseSigningKey } from "./keys.server";
import { sampleRecord } from "../../../tests/setup/sample-record";

const publicUrl = "https://academy.example.cn";
const issuedAt = new Date("2026-11-27T04:30:00Z");
const newKey = () => credentialKeyOf(parseSigningKey(generateSigningKeyPem()));
const key = newKey();
const keyUrl = credentialKeyUrl(publicUrl, key.thumbprint);
const subjectId = "urn:uuid:3f1c7a52-5d0e-4d8c-9a1b-2c4e6f8a0b1d";
const jwksOf = (...keys: CredentialKey[]) => ({
  keys: keys.map((k) => ({ ...k.publicJwk, kid: credentialKeyUrl(publicUrl, k.thumbprint), alg: "ES256", use: "sig" })),
});
const during = { currentDate: new Date("2027-03-01T00:00:00Z") };
// Status lists are signed per request and valid for five minutes.
const listFresh = { currentDate: new Date(issuedAt.getTime() + 60_000) };

function badge(overrides: Parameters<typeof sampleRecord>[0] = {}) {
  return issueBadgeJwt({
    record: sampleRecord(overrides),
    key,
    keyUrl,
    publicUrl,
    statusListIndex: 42,
    identityType: "emailAddress",
    subjectId,
    issuedAt,
  });
}

describe("Open Badges 3.0 credentials as VC-JWT", () => {
  test("verifies against the published JWKS and carries the credential as its payload", async () => {
    const jwt = await badge();
    // OB 3.0 §8.2: ES256, and a kid that is a URL returning the key.
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: "ES256", typ: "JWT", kid: keyUrl });
    expect(keyUrl).toBe(`${publicUrl}/keys/${key.thumbprint}`);
    const payload = await verifyBadgeJwt(jwt, jwksOf(newKey(), key), during);
    const record = sampleRecord();
    expect(payload).toMatchObject({
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
      ],
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      id: `${publicUrl}/verify/${record.code}`,
      issuer: { id: `${publicUrl}/issuer`, type: ["Profile"], name: "技术经理人学院 TM Academy", url: publicUrl },
      validFrom: "2026-11-27T00:00:00+08:00",
      validUntil: "2029-11-26T23:59:59+08:00",
      credentialSubject: {
        id: subjectId,
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
      // sub = credentialSubject.id: an opaque URI, no personal data.
      sub: subjectId,
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
    expect(
      await verifyBadgeJwt(await badge({ expiresOn: null }), jwksOf(key), { currentDate: new Date("2090-01-01") }),
    ).toBeTruthy();
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
    await expect(verifyBadgeJwt(jwt, jwksOf(newKey()), during)).rejects.toThrow();
    await expect(verifyBadgeJwt(jwt, jwksOf(key), { currentDate: new Date("2026-11-26T12:00:00Z") })).rejects.toThrow(
      /nbf/,
    );
    await expect(
      verifyBadgeJwt(jwt, jwksOf(key), { currentDate: new Date("2029-11-27T00:00:00+08:00") }),
    ).rejects.toThrow(/exp/);
  });

  test("refuses a status list index outside the list", async () => {
    await expect(
      issueBadgeJwt({
        record: sampleRecord(),
        key,
        keyUrl,
        publicUrl,
        statusListIndex: STATUS_LIST_LENGTH,
        identityType: "ext:phone",
        subjectId,
        issuedAt,
      }),
    ).rejects.toThrow(RangeError);
  });
});

describe("Bitstring Status List revocation", () => {
  test("a credential's bit is 0 until its index is revoked, then 1", async () => {
    const before = await issueStatusListJwt({ key, keyUrl, publicUrl, revokedIndexes: [], issuedAt });
    const after = await issueStatusListJwt({ key, keyUrl, publicUrl, revokedIndexes: [7, 42, 131071], issuedAt });
    const listOf = async (jwt: string) => {
      const payload = await verifyBadgeJwt(jwt, jwksOf(key), listFresh);
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
    const jwt = await issueStatusListJwt({ key, keyUrl, publicUrl, revokedIndexes: [1], issuedAt });
    const payload = await verifyBadgeJwt(jwt, jwksOf(key), listFresh);
    // A copy kept past its validUntil no longer verifies: the verifier must fetch the list again.
    await expect(
      verifyBadgeJwt(jwt, jwksOf(key), { currentDate: new Date(issuedAt.getTime() + 6 * 60_000) }),
    ).rejects.toThrow(/exp/);
    expect(payload).toMatchObject({
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      id: `${publicUrl}/credentials/status/1`,
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      issuer: `${publicUrl}/issuer`,
      validFrom: issuedAt.toISOString(),
      // A freshness hint: verifiers refetch after five minutes, and a stale copy expires.
      validUntil: new Date(issuedAt.getTime() + 5 * 60_000).toISOString(),
      credentialSubject: { type: "BitstringStatusList", statusPurpose: "revocation", ttl: 300_000 },
      iss: `${publicUrl}/issuer`,
      jti: `${publicUrl}/credentials/status/1`,
      exp: Math.floor(issuedAt.getTime() / 1000) + 300,
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
