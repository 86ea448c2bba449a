import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";
import { link, mkdir, readFile, readdir, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { recordPayload } from "./canonical";
import type { CertificateRecord } from "./record";

/** The public half of an Ed25519 key as a JWK (RFC 8037). */
export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
}

export interface SigningKey {
  privateKey: KeyObject;
  publicJwk: PublicJwk;
  /** RFC 7638 thumbprint of publicJwk: names the key in JWS headers and the JWKS. */
  kid: string;
}

export const KEY_FILE = "signing-key.pem";
export const ARCHIVE_DIR = "signing-keys";

/** RFC 7638: base64url SHA-256 of the required members in lexicographic order, without whitespace. */
export function jwkThumbprint(jwk: PublicJwk): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash("sha256").update(canonical).digest("base64url");
}

function fromPrivateKey(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new Error(`The signing key must be Ed25519, not ${privateKey.asymmetricKeyType ?? "a symmetric key"}`);
  }
  const { x } = createPublicKey(privateKey).export({ format: "jwk" });
  if (!x) throw new Error("The signing key has no public part");
  const publicJwk: PublicJwk = { kty: "OKP", crv: "Ed25519", x };
  return { privateKey, publicJwk, kid: jwkThumbprint(publicJwk) };
}

/** A PKCS#8 PEM or a private JWK (OKP, Ed25519, with `d`), as kept in an environment variable or a file. */
export function parseSigningKey(text: string): SigningKey {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    const jwk = JSON.parse(trimmed) as Record<string, unknown>;
    if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.d !== "string" || typeof jwk.x !== "string") {
      throw new Error("The signing key JWK must be a private Ed25519 key (kty OKP, crv Ed25519, x and d)");
    }
    return fromPrivateKey(createPrivateKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk.x, d: jwk.d }, format: "jwk" }));
  }
  if (!trimmed.startsWith("-----BEGIN PRIVATE KEY-----")) {
    throw new Error("The signing key must be a PKCS#8 PEM (BEGIN PRIVATE KEY) or a private JWK");
  }
  return fromPrivateKey(createPrivateKey({ key: trimmed, format: "pem" }));
}

export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync("ed25519");
  return privateKey.export({ format: "pem", type: "pkcs8" }).toString();
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

/** A fresh key written whole to a private temporary file beside `target`; returns its path. */
async function writeTemporaryKey(target: string, pem: string): Promise<string> {
  const temporary = `${target}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, pem, { flag: "wx", mode: 0o600 });
  return temporary;
}

/**
 * The demo's signing key: `<dir>/signing-key.pem`, generated on first use. Two processes starting
 * together must end up with the same key, so the file is published with link(2), which fails with
 * EEXIST instead of replacing — and, unlike opening the target itself with `wx`, never shows another
 * process a file that is still being written.
 */
export async function loadOrCreateKeyFile(dir: string): Promise<SigningKey> {
  const target = path.join(dir, KEY_FILE);
  try {
    return parseSigningKey(await readFile(target, "utf8"));
  } catch (error) {
    if (!isErrno(error, "ENOENT")) throw error;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = await writeTemporaryKey(target, generateSigningKeyPem());
  try {
    await link(temporary, target);
  } catch (error) {
    if (!isErrno(error, "EEXIST")) throw error;
  } finally {
    await unlink(temporary);
  }
  return parseSigningKey(await readFile(target, "utf8"));
}

/**
 * Replaces the signing key and keeps the old one as `<dir>/signing-keys/<kid>.pem`, so certificates
 * signed with it stay verifiable. The key file exists and is complete at every moment: the old file is
 * hard-linked into the archive, then the new one renamed over it.
 */
export async function rotateKeyFile(dir: string): Promise<{ oldKid: string; newKid: string }> {
  const target = path.join(dir, KEY_FILE);
  const old = await loadOrCreateKeyFile(dir);
  const archiveDir = path.join(dir, ARCHIVE_DIR);
  await mkdir(archiveDir, { recursive: true, mode: 0o700 });
  try {
    await link(target, path.join(archiveDir, `${old.kid}.pem`));
  } catch (error) {
    // Already archived by an earlier, interrupted rotation: the same kid means the same key.
    if (!isErrno(error, "EEXIST")) throw error;
  }
  const pem = generateSigningKeyPem();
  const temporary = await writeTemporaryKey(target, pem);
  await rename(temporary, target);
  return { oldKid: old.kid, newKid: parseSigningKey(pem).kid };
}

/** The rotated-out keys kept in `<dir>/signing-keys/`, to publish their public halves. */
export async function listArchivedKeys(dir: string): Promise<SigningKey[]> {
  const archiveDir = path.join(dir, ARCHIVE_DIR);
  let names: string[];
  try {
    names = await readdir(archiveDir);
  } catch (error) {
    if (isErrno(error, "ENOENT")) return [];
    throw error;
  }
  const files = names.filter((name) => name.endsWith(".pem")).sort();
  return Promise.all(files.map(async (name) => parseSigningKey(await readFile(path.join(archiveDir, name), "utf8"))));
}

/** base64url Ed25519 signature over the record's canonical payload. */
export function signRecord(key: SigningKey, record: CertificateRecord): string {
  return sign(null, recordPayload(record), key.privateKey).toString("base64url");
}

/** True only when `signature` is the key's signature over exactly this record; never throws on bad input. */
export function verifyRecord(publicJwk: PublicJwk, record: CertificateRecord, signature: string): boolean {
  try {
    const payload = recordPayload(record);
    // The public verification endpoints check the same few certificates over and over: a signature already
    // verified over these exact bytes with this key is not verified again (any changed byte misses).
    const cacheKey = `${publicJwk.x}.${signature}`;
    const known = verifiedPayloads.get(cacheKey);
    if (known && Buffer.compare(known, payload) === 0) return true;
    const ok = verify(null, payload, publicKeyObject(publicJwk), Buffer.from(signature, "base64url"));
    if (ok) {
      if (verifiedPayloads.size >= VERIFIED_CACHE_SIZE) verifiedPayloads.delete(verifiedPayloads.keys().next().value!);
      verifiedPayloads.set(cacheKey, payload);
    }
    return ok;
  } catch {
    return false;
  }
}

const VERIFIED_CACHE_SIZE = 10_000;
const verifiedPayloads = new Map<string, Uint8Array>();
const publicKeyObjects = new Map<string, KeyObject>();

function publicKeyObject(jwk: PublicJwk): KeyObject {
  let key = publicKeyObjects.get(jwk.x);
  if (!key) {
    key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: "jwk" });
    publicKeyObjects.set(jwk.x, key);
  }
  return key;
}

export interface PublishedKey {
  publicJwk: PublicJwk;
  kid: string;
  activeFrom: Date;
  /** null while the key is still the one in use */
  activeUntil: Date | null;
}

export interface JwksKey extends PublicJwk {
  kid: string;
  alg: "EdDSA";
  use: "sig";
  /** When the key began signing: lets a verifier tell a forged old-dated certificate from a real one. */
  "tma:activeFrom": string;
  /** When it stopped; absent while in use. */
  "tma:activeUntil"?: string;
}

/** The JWK Set (RFC 7517) to publish at /.well-known/jwks.json: current and rotated-out keys. */
export function jwksDocument(keys: PublishedKey[]): { keys: JwksKey[] } {
  return {
    keys: keys.map(({ publicJwk, kid, activeFrom, activeUntil }) => ({
      kty: publicJwk.kty,
      crv: publicJwk.crv,
      x: publicJwk.x,
      kid,
      alg: "EdDSA",
      use: "sig",
      "tma:activeFrom": activeFrom.toISOString(),
      ...(activeUntil ? { "tma:activeUntil": activeUntil.toISOString() } : {}),
    })),
  };
}
