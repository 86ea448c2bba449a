import path from "node:path";
import { and, asc, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { signingKeys } from "#db/schema";
import { env } from "~/utils/env.server";
import { jwksDocument, loadOrCreateKeyFile, parseSigningKey, type PublicJwk, type SigningKey } from "./keys.server";

let active: Promise<SigningKey> | undefined;

/** The key this process signs with: SIGNING_KEY, or (embedded demo) the one generated into DATA_DIR. */
function loadActiveKey(): Promise<SigningKey> {
  const { SIGNING_KEY, DATA_DIR } = env();
  return SIGNING_KEY ? Promise.resolve(parseSigningKey(SIGNING_KEY)) : loadOrCreateKeyFile(path.resolve(DATA_DIR));
}

/**
 * The active signing key, registered in signing_keys the first time it is used: its public half is
 * published from then on, and the key it replaced is marked as used until now (and stays published, so
 * certificates it signed keep verifying).
 */
export async function activeSigningKey(db: DbOrTx, now = new Date()): Promise<SigningKey> {
  active ??= loadActiveKey().catch((error: unknown) => {
    active = undefined;
    throw error;
  });
  const key = await active;
  const inserted = await db
    .insert(signingKeys)
    .values({ kid: key.kid, publicJwk: key.publicJwk, activeFrom: now })
    .onConflictDoNothing()
    .returning({ kid: signingKeys.kid });
  if (inserted.length)
    await db
      .update(signingKeys)
      .set({ activeUntil: now })
      .where(and(ne(signingKeys.kid, key.kid), isNull(signingKeys.activeUntil)));
  return key;
}

/** Forget the cached key (tests, and after a rotation in the same process). */
export function resetSigningKeyCache() {
  active = undefined;
}

/** Every public key ever used, with its period of use: the document served at /.well-known/jwks.json. */
export async function publishedJwks(db: DbOrTx) {
  const rows = await db.select().from(signingKeys).orderBy(asc(signingKeys.activeFrom));
  return jwksDocument(
    rows.map((r) => ({ kid: r.kid, publicJwk: r.publicJwk as PublicJwk, activeFrom: r.activeFrom, activeUntil: r.activeUntil })),
  );
}
