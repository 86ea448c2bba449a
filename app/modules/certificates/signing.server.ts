import path from "node:path";
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { signingKeys } from "#db/schema";
import { env, publicUrl } from "~/utils/env.server";
import { credentialKeyOf, credentialKeyUrl, type CredentialKey, type EcPublicJwk } from "./credential-key.server";
import { jwksDocument, loadOrCreateKeyFile, parseSigningKey, type PublicJwk, type SigningKey } from "./keys.server";

// Keyed by where the key comes from, so a process whose configuration changes (test files sharing one
// process, each with its own DATA_DIR) never signs with another configuration's key.
const active = new Map<string, Promise<SigningKey>>();

/** The key this process signs with: SIGNING_KEY, or (embedded demo) the one generated into DATA_DIR. */
function loadActiveKey(): Promise<SigningKey> {
  const { SIGNING_KEY, DATA_DIR } = env();
  const source = SIGNING_KEY ? `env:${SIGNING_KEY}` : `dir:${path.resolve(DATA_DIR)}`;
  let key = active.get(source);
  if (!key) {
    key = (
      SIGNING_KEY ? Promise.resolve(parseSigningKey(SIGNING_KEY)) : loadOrCreateKeyFile(path.resolve(DATA_DIR))
    ).catch((error: unknown) => {
      active.delete(source);
      throw error;
    });
    active.set(source, key);
  }
  return key;
}

/** Publishes a key once; the first time it appears, the previous key of the same type stops signing. */
async function registerKey(
  db: DbOrTx,
  kid: string,
  publicJwk: typeof signingKeys.$inferInsert.publicJwk,
  kty: "OKP" | "EC",
  now: Date,
) {
  const inserted = await db
    .insert(signingKeys)
    .values({ kid, publicJwk, activeFrom: now })
    .onConflictDoNothing()
    .returning({ kid: signingKeys.kid });
  if (inserted.length)
    await db
      .update(signingKeys)
      .set({ activeUntil: now })
      .where(
        and(ne(signingKeys.kid, kid), isNull(signingKeys.activeUntil), sql`${signingKeys.publicJwk}->>'kty' = ${kty}`),
      );
}

/**
 * The active signing key, registered in signing_keys the first time it is used: its public half is
 * published from then on, and the key it replaced is marked as used until now (and stays published, so
 * certificates it signed keep verifying).
 */
export async function activeSigningKey(db: DbOrTx, now = new Date()): Promise<SigningKey> {
  const key = await loadActiveKey();
  await registerKey(db, key.kid, key.publicJwk, "OKP", now);
  return key;
}

/** The ES256 key that signs credentials (derived from the active signing key), registered and published like it. */
export async function activeCredentialKey(db: DbOrTx, now = new Date()): Promise<CredentialKey> {
  const key = credentialKeyOf(await activeSigningKey(db, now));
  await registerKey(db, key.thumbprint, key.publicJwk, "EC", now);
  return key;
}

/** Forget the cached key (tests, and after a rotation in the same process). */
export function resetSigningKeyCache() {
  active.clear();
}

type KeyRow = typeof signingKeys.$inferSelect;

/** A P-256 key as published: its `kid` is the URL that returns it, as OB 3.0 §8.2 asks of a VC-JWT's `kid`. */
function ecJwk(row: KeyRow) {
  const jwk = row.publicJwk as EcPublicJwk;
  return {
    kty: jwk.kty,
    crv: jwk.crv,
    x: jwk.x,
    y: jwk.y,
    kid: credentialKeyUrl(publicUrl(), row.kid),
    alg: "ES256" as const,
    use: "sig" as const,
    "tma:activeFrom": row.activeFrom.toISOString(),
    ...(row.activeUntil ? { "tma:activeUntil": row.activeUntil.toISOString() } : {}),
  };
}

function publishedKey(row: KeyRow) {
  if (row.publicJwk.kty === "EC") return ecJwk(row);
  const [jwk] = jwksDocument([
    { kid: row.kid, publicJwk: row.publicJwk as PublicJwk, activeFrom: row.activeFrom, activeUntil: row.activeUntil },
  ]).keys;
  return jwk!;
}

/**
 * Every public key ever used, with its period of use: the document served at /.well-known/jwks.json.
 * Ed25519 keys (records, older credentials) are named by their thumbprint; P-256 keys by their URL.
 */
export async function publishedJwks(db: DbOrTx) {
  const rows = await db.select().from(signingKeys).orderBy(asc(signingKeys.activeFrom));
  return { keys: rows.map(publishedKey) };
}

/** The Ed25519 keys ever used, oldest first: the verification methods of the issuer document. */
export async function publishedEd25519Keys(db: DbOrTx) {
  return db
    .select({ kid: signingKeys.kid, publicJwk: signingKeys.publicJwk })
    .from(signingKeys)
    .where(sql`${signingKeys.publicJwk}->>'kty' = 'OKP'`)
    .orderBy(asc(signingKeys.activeFrom));
}

/** One published key by its thumbprint (the last segment of its URL), or null: what /keys/<thumbprint> serves. */
export async function publishedKeyByThumbprint(db: DbOrTx, thumbprint: string) {
  const [row] = await db.select().from(signingKeys).where(eq(signingKeys.kid, thumbprint));
  return row ? publishedKey(row) : null;
}
