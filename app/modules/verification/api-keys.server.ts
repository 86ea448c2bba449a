import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { apiKeys } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import type { SessionUser } from "~/modules/orgs/index.server";
import { hashSecret, randomToken } from "~/modules/auth/index.server";
import { isUniqueViolation, notFound } from "~/utils/errors.server";
import { employerOrganization } from "./employer.server";

type Actor = Pick<SessionUser, "id" | "memberships">;

/** An employer needs a few keys (one per system that calls us), not hundreds. */
export const MAX_ACTIVE_KEYS = 20;
/** "last used" is written at most this often, so a busy key does not write on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

// tma_<prefix>_<secret>: the prefix (50 bits) finds the key, the secret (120 bits) proves it; both
// lower-case base32, so the underscores can only be separators.
const TOKEN_PATTERN = /^tma_([a-z2-7]{10})_([a-z2-7]{24})$/;

export const apiKeyNameSchema = z
  .string({ required_error: "verification.keys.nameRequired" })
  .trim()
  .min(1, "verification.keys.nameRequired")
  .max(100, "verification.keys.nameTooLong");

function newPrefix() {
  const bytes = new Uint8Array(7);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes).slice(0, 10);
}

export async function listApiKeys(db: DbOrTx, actor: Actor, organizationId: string) {
  const organization = await employerOrganization(db, actor, organizationId);
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.organizationId, organization.id))
    .orderBy(sql`${apiKeys.revokedAt} is not null`, desc(apiKeys.createdAt));
}

export type CreatedApiKey =
  { ok: true; id: string; name: string; prefix: string; token: string } | { ok: false; field: "name"; message: string };

/**
 * A new key for the employer. The full key is returned this once and never stored: only the SHA-256 of
 * its secret is kept. Audited.
 */
export async function createApiKey(
  db: DbOrTx,
  actor: Actor,
  organizationId: string,
  name: string,
): Promise<CreatedApiKey> {
  const organization = await employerOrganization(db, actor, organizationId);
  const parsedName = apiKeyNameSchema.safeParse(name);
  if (!parsedName.success) return { ok: false, field: "name", message: parsedName.error.issues[0]!.message };
  const secret = randomToken();
  // A prefix collision (50 random bits) is all but impossible; one retry covers it.
  for (let attempt = 0; ; attempt++) {
    const prefix = newPrefix();
    try {
      return await db.transaction(async (tx) => {
        const [active] = await tx
          .select({ n: count() })
          .from(apiKeys)
          .where(and(eq(apiKeys.organizationId, organization.id), isNull(apiKeys.revokedAt)));
        if (Number(active?.n ?? 0) >= MAX_ACTIVE_KEYS)
          return { ok: false, field: "name", message: "verification.keys.tooMany" } as const;
        const [key] = await tx
          .insert(apiKeys)
          .values({
            organizationId: organization.id,
            name: parsedName.data,
            prefix,
            secretHash: hashSecret(secret),
            createdBy: actor.id,
          })
          .returning({ id: apiKeys.id });
        await recordAudit(tx, {
          actorId: actor.id,
          action: "apikey.create",
          targetType: "api_key",
          targetId: key!.id,
          after: { organizationId: organization.id, name: parsedName.data, prefix },
        });
        return { ok: true, id: key!.id, name: parsedName.data, prefix, token: `tma_${prefix}_${secret}` } as const;
      });
    } catch (error) {
      if (attempt === 0 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/** Stops a key from working, at once and for good. Audited; revoking twice changes nothing. */
export async function revokeApiKey(db: DbOrTx, actor: Actor, organizationId: string, keyId: string, now = new Date()) {
  const organization = await employerOrganization(db, actor, organizationId);
  if (!z.string().uuid().safeParse(keyId).success) throw notFound();
  await db.transaction(async (tx) => {
    const [key] = await tx
      .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.organizationId, organization.id)));
    if (!key) throw notFound();
    if (key.revokedAt) return;
    await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, key.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "apikey.revoke",
      targetType: "api_key",
      targetId: key.id,
      before: { name: key.name, prefix: key.prefix },
      after: { revokedAt: now.toISOString() },
    });
  });
}

// Every keyed API request runs this: prepared once per handle.
const keyLookup = preparedFor((db) =>
  db
    .select({
      id: apiKeys.id,
      organizationId: apiKeys.organizationId,
      secretHash: apiKeys.secretHash,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.prefix, sql.placeholder("prefix")))
    .prepare("verification_api_key_lookup"),
);

export interface ApiKeyCaller {
  keyId: string;
  organizationId: string;
}

/**
 * The key an `Authorization: Bearer tma_…` header carries, or null when it is not a live key of ours
 * (malformed, unknown, wrong secret or revoked: the caller is told no more than that).
 */
export async function authenticateApiKey(db: DbOrTx, bearer: string, now = new Date()): Promise<ApiKeyCaller | null> {
  const match = TOKEN_PATTERN.exec(bearer.trim());
  if (!match) return null;
  const [, prefix, secret] = match as unknown as [string, string, string];
  const [key] = await keyLookup(db).execute({ prefix });
  if (!key || !constantTimeEqual(hashSecret(secret), key.secretHash) || key.revokedAt) return null;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, key.id));
  }
  return { keyId: key.id, organizationId: key.organizationId };
}

/** The token of an `Authorization` header's Bearer scheme; null without one. */
export function bearerToken(header: string | null): string | null {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1]! : null;
}
