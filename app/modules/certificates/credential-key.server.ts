import { createECDH, createHash, createPrivateKey, hkdfSync, type KeyObject } from "node:crypto";
import type { SigningKey } from "./keys.server";

/** The public half of a P-256 key as a JWK (RFC 7518 §6.2). */
export interface EcPublicJwk {
  kty: "EC";
  crv: "P-256";
  x: string;
  y: string;
}

/**
 * The ES256 key that signs Open Badges credentials. 1EdTech's verifiers accept only RS256 or ES256 in a
 * VC-JWT, while certificate records are signed with Ed25519; rather than a second secret to configure,
 * rotate and back up, the P-256 key is derived from the Ed25519 signing key (HKDF with its own label),
 * so SIGNING_KEY and `npm run keys:rotate` govern both, and an archived signing key still yields the
 * credential key it stood beside.
 */
export interface CredentialKey {
  privateKey: KeyObject;
  publicJwk: EcPublicJwk;
  /** RFC 7638 thumbprint of publicJwk: the last segment of the key's URL, which is the JWT `kid`. */
  thumbprint: string;
}

// Order of the P-256 group (FIPS 186-5 / SEC 2).
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

export function ecThumbprint(jwk: EcPublicJwk): string {
  return createHash("sha256")
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))
    .digest("base64url");
}

const cache = new Map<string, CredentialKey>();

export function credentialKeyOf(signingKey: SigningKey): CredentialKey {
  const known = cache.get(signingKey.kid);
  if (known) return known;
  const seed = signingKey.privateKey.export({ format: "jwk" }).d;
  if (!seed) throw new Error("The signing key has no private part");
  // FIPS 186-5 A.2.1: 64 bits more than the order's length, reduced mod n-1, plus one — no visible bias.
  const okm = Buffer.from(
    hkdfSync("sha256", Buffer.from(seed, "base64url"), "tm-academy", "credential signing key P-256 v1", 40),
  );
  const d = (BigInt(`0x${okm.toString("hex")}`) % (P256_ORDER - 1n)) + 1n;
  const dBytes = Buffer.from(d.toString(16).padStart(64, "0"), "hex");
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(dBytes);
  const point = ecdh.getPublicKey(); // 0x04 ‖ x ‖ y
  const publicJwk: EcPublicJwk = {
    kty: "EC",
    crv: "P-256",
    x: point.subarray(1, 33).toString("base64url"),
    y: point.subarray(33, 65).toString("base64url"),
  };
  const privateKey = createPrivateKey({ key: { ...publicJwk, d: dBytes.toString("base64url") }, format: "jwk" });
  const key = { privateKey, publicJwk, thumbprint: ecThumbprint(publicJwk) };
  cache.set(signingKey.kid, key);
  return key;
}

/** The URL a credential's `kid` names: fetching it returns the public JWK (OB 3.0 §8.2). */
export function credentialKeyUrl(publicUrl: string, thumbprint: string): string {
  return `${publicUrl}/keys/${thumbprint}`;
}
