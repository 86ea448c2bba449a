import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { calculateJwkThumbprint } from "jose";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  ARCHIVE_DIR,
  KEY_FILE,
  generateSigningKeyPem,
  jwksDocument,
  listArchivedKeys,
  loadOrCreateKeyFile,
  parseSigningKey,
  rotateKeyFile,
  signRecord,
  verifyRecord,
} from "./keys.server";
import { RECORD_FIELDS, type CertificateRecord } from "./record";
import { sampleRecord } from "../../../tests/setup/sample-record";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tma-keys-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A different value of the same kind for each field: changing any one must break the signature. */
function tampered(record: CertificateRecord, field: (typeof RECORD_FIELDS)[number]): CertificateRecord {
  const value = record[field];
  if (value === null) return { ...record, [field]: "2099-12-31" };
  // Change one character in the middle, the subtlest forgery.
  const i = Math.floor(value.length / 2);
  const replacement = value[i] === "0" ? "1" : "0";
  return { ...record, [field]: value.slice(0, i) + replacement + value.slice(i + 1) };
}

describe("signing keys and record signatures", () => {
  test("a signed record verifies with the key's public JWK", () => {
    const key = parseSigningKey(generateSigningKeyPem());
    const record = sampleRecord();
    const signature = signRecord(key, record);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/); // 64 bytes
    expect(verifyRecord(key.publicJwk, record, signature)).toBe(true);
    expect(
      verifyRecord(
        key.publicJwk,
        sampleRecord({ expiresOn: null }),
        signRecord(key, sampleRecord({ expiresOn: null })),
      ),
    ).toBe(true);
  });

  test("changing any single field of the record breaks the signature", () => {
    const key = parseSigningKey(generateSigningKeyPem());
    const record = sampleRecord();
    const signature = signRecord(key, record);
    for (const field of RECORD_FIELDS) {
      const forged = tampered(record, field);
      expect(forged[field], field).not.toEqual(record[field]);
      expect(verifyRecord(key.publicJwk, forged, signature), field).toBe(false);
    }
    expect(verifyRecord(key.publicJwk, sampleRecord({ expiresOn: null }), signature)).toBe(false);
  });

  test("a signature from another key, or a mangled one, does not verify (and does not throw)", () => {
    const key = parseSigningKey(generateSigningKeyPem());
    const other = parseSigningKey(generateSigningKeyPem());
    const record = sampleRecord();
    expect(verifyRecord(other.publicJwk, record, signRecord(key, record))).toBe(false);
    expect(verifyRecord(key.publicJwk, record, "")).toBe(false);
    expect(verifyRecord(key.publicJwk, record, "not a signature")).toBe(false);
    expect(verifyRecord({ ...key.publicJwk, x: "AAAA" }, record, signRecord(key, record))).toBe(false);
  });

  test("PEM and JWK forms of one key give the same kid, the RFC 7638 thumbprint", async () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const jwk = JSON.stringify(privateKey.export({ format: "jwk" }));
    const fromPem = parseSigningKey(pem);
    const fromJwk = parseSigningKey(`  ${jwk}\n`);
    expect(fromJwk.kid).toBe(fromPem.kid);
    expect(fromJwk.publicJwk).toEqual(fromPem.publicJwk);
    expect(fromPem.kid).toBe(await calculateJwkThumbprint(fromPem.publicJwk, "sha256"));
    expect(Object.keys(fromPem.publicJwk).sort()).toEqual(["crv", "kty", "x"]); // never the private `d`
  });

  test("refuses keys that are not private Ed25519 keys", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ format: "pem", type: "pkcs8" })
      .toString();
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const publicJwk = JSON.stringify(publicKey.export({ format: "jwk" }));
    const spki = publicKey.export({ format: "pem", type: "spki" }).toString();
    expect(() => parseSigningKey(rsa)).toThrow(/Ed25519/);
    expect(() => parseSigningKey(publicJwk)).toThrow(/private/);
    expect(() => parseSigningKey(spki)).toThrow(/PKCS#8/);
    expect(() => parseSigningKey("")).toThrow();
    expect(createPrivateKey(privateKey.export({ format: "pem", type: "pkcs8" })).asymmetricKeyType).toBe("ed25519");
  });

  test("the demo key file is created once, private, and read back the same on every call", async () => {
    const first = await loadOrCreateKeyFile(dir);
    const second = await loadOrCreateKeyFile(dir);
    expect(second.kid).toBe(first.kid);
    const file = path.join(dir, KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(parseSigningKey(await readFile(file, "utf8")).kid).toBe(first.kid);
    expect(await readdir(dir)).toEqual([KEY_FILE]); // no temporary files left behind
  });

  test("processes starting together agree on one key", async () => {
    const nested = path.join(dir, "data", "keys");
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKeyFile(nested)));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    expect(await readdir(nested)).toEqual([KEY_FILE]);
  });

  test("rotation archives the old key; what it signed still verifies with its published JWK", async () => {
    const old = await loadOrCreateKeyFile(dir);
    const record = sampleRecord();
    const signature = signRecord(old, record);

    const { oldKid, newKid } = await rotateKeyFile(dir);
    expect(oldKid).toBe(old.kid);
    expect(newKid).not.toBe(oldKid);
    const current = await loadOrCreateKeyFile(dir);
    expect(current.kid).toBe(newKid);
    expect(await readdir(path.join(dir, ARCHIVE_DIR))).toEqual([`${oldKid}.pem`]);
    expect((await stat(path.join(dir, KEY_FILE))).mode & 0o777).toBe(0o600);

    const archived = await listArchivedKeys(dir);
    const activeFrom = new Date("2026-01-01T00:00:00Z");
    const rotatedAt = new Date("2026-11-27T04:00:00Z");
    const jwks = jwksDocument([
      { publicJwk: current.publicJwk, kid: current.kid, activeFrom: rotatedAt, activeUntil: null },
      ...archived.map((k) => ({ publicJwk: k.publicJwk, kid: k.kid, activeFrom, activeUntil: rotatedAt })),
    ]);
    const published = jwks.keys.find((k) => k.kid === oldKid);
    if (!published) throw new Error("old key not published");
    expect(verifyRecord(published, record, signature)).toBe(true);
    expect(verifyRecord(current.publicJwk, record, signature)).toBe(false);
    expect(signRecord(current, record)).not.toBe(signature);
  });

  test("the JWKS lists public keys with their periods of use", () => {
    const key = parseSigningKey(generateSigningKeyPem());
    const document = jwksDocument([
      {
        publicJwk: key.publicJwk,
        kid: key.kid,
        activeFrom: new Date("2026-01-01T00:00:00Z"),
        activeUntil: new Date("2026-06-01T00:00:00Z"),
      },
      { publicJwk: key.publicJwk, kid: "next", activeFrom: new Date("2026-06-01T00:00:00Z"), activeUntil: null },
    ]);
    expect(document.keys[0]).toEqual({
      kty: "OKP",
      crv: "Ed25519",
      x: key.publicJwk.x,
      kid: key.kid,
      alg: "EdDSA",
      use: "sig",
      "tma:activeFrom": "2026-01-01T00:00:00.000Z",
      "tma:activeUntil": "2026-06-01T00:00:00.000Z",
    });
    expect(document.keys[1]).not.toHaveProperty("tma:activeUntil");
    expect(JSON.stringify(document)).not.toContain('"d"');
  });
});
