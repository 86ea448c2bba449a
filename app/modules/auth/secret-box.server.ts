import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "~/utils/env.server";

const KEY_FILE = "two-factor.key";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

let cached: { material: string; key: Buffer } | undefined;

/** The embedded demo's own key material, made once into DATA_DIR (apart from the signing key, which rotates). */
function keyFileMaterial(dataDir: string): string {
  const file = path.join(path.resolve(dataDir), KEY_FILE);
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      // "wx": when two processes start together, the second one reads what the first wrote.
      writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    return readFileSync(file, "utf8").trim();
  }
}

/**
 * The AES-256 key for authenticator secrets. Every app copy derives the same one (HKDF, its own label, so it
 * reveals nothing about what it is derived from): from TWO_FACTOR_KEY, else SIGNING_KEY, else the key file.
 */
function key(): Buffer {
  const { TWO_FACTOR_KEY, SIGNING_KEY, DATA_DIR } = env();
  const material = (TWO_FACTOR_KEY ?? SIGNING_KEY)?.trim() ?? keyFileMaterial(DATA_DIR);
  if (cached?.material !== material)
    cached = {
      material,
      key: Buffer.from(hkdfSync("sha256", material, "tm-academy", "two-factor secrets v1", 32)),
    };
  return cached.key;
}

/** AES-256-GCM: nonce ‖ ciphertext ‖ tag; `context` (the account id) must match to open it. */
export function sealSecret(secret: Uint8Array, context: string): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(), nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(secret), cipher.final()]);
  return new Uint8Array(Buffer.concat([nonce, body, cipher.getAuthTag()]));
}

/** The secret, or null when it was sealed under another key or for another account. */
export function openSecret(sealed: Uint8Array, context: string): Uint8Array | null {
  if (sealed.length <= NONCE_BYTES + TAG_BYTES) return null;
  const bytes = Buffer.from(sealed);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), bytes.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return new Uint8Array(
      Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]),
    );
  } catch {
    return null;
  }
}
