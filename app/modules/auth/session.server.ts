import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { sessions, totpCredentials, users } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { hashSecret, randomToken } from "./tokens.server";

/** A session ends after this long without a request. */
export const SESSION_INACTIVITY_MS = 30 * 24 * 60 * 60 * 1000;
/** The sliding expiry is written back at most this often, so most requests only read. */
export const SESSION_ACTIVITY_CHECK_MS = 60 * 60 * 1000;

/** The account a session belongs to; its roles are orgs' (orgs' SessionUser adds them). */
export interface SessionAccount {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: "zh-CN" | "en";
}

/**
 * The second factor of a session: `off` (the account has no authenticator), `pending` (it has one and no code
 * was given on this session yet: only the code step and signing out are open) or `passed`.
 */
export type SessionTwoFactor = "off" | "pending" | "passed";

export interface ValidAccountSession {
  sessionId: string;
  expiresAt: Date;
  user: SessionAccount;
  twoFactor: SessionTwoFactor;
  /** True when the expiry moved and the cookie should be sent again. */
  refreshed: boolean;
}

/** `twoFactorVerified`: the new session replaces one that had already given its second factor (a password change). */
export async function createSession(
  db: DbOrTx,
  userId: string,
  now = new Date(),
  { twoFactorVerified = false }: { twoFactorVerified?: boolean } = {},
) {
  const id = randomToken();
  const secret = randomToken();
  await db.insert(sessions).values({
    id,
    userId,
    secretHash: hashSecret(secret),
    createdAt: now,
    lastVerifiedAt: now,
    twoFactorVerified,
  });
  return { token: `${id}.${secret}`, expiresAt: new Date(now.getTime() + SESSION_INACTIVITY_MS) };
}

// The session and its user in one statement. Callers may add one value computed from the user's id (orgs adds the
// person's roles, see SessionExtra), so a signed-in request stays one round trip without auth reading orgs' tables.
function sessionLookupStatement<T>(db: DbOrTx, name: string, extra: SQL<T>) {
  return db
    .select({
      secretHash: sessions.secretHash,
      lastVerifiedAt: sessions.lastVerifiedAt,
      twoFactorVerified: sessions.twoFactorVerified,
      twoFactorEnabledAt: totpCredentials.enabledAt,
      userId: users.id,
      name: users.name,
      email: users.email,
      phone: users.phone,
      locale: users.locale,
      extra,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(totpCredentials, eq(totpCredentials.userId, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare(name);
}

// Prepared once per database handle: it runs on every signed-in request, and building the query each time cost
// ~0.3 ms.
const sessionLookup = preparedFor((db) => sessionLookupStatement(db, "session_lookup", sql<null>`null`));

/** A value another area computes from the session's user within auth's session lookup (one round trip). */
export interface SessionExtra<T> {
  /** The prepared statement's name: each extra is its own statement, prepared once per database handle. */
  name: string;
  /**
   * The selected expression, built once per handle: `userId` stands for the session's user id in the statement
   * (a correlated subquery on the caller's own tables). Decode the driver's value with `.mapWith`.
   */
  select: (userId: SQL) => SQL<T>;
}

const SESSION_TOKEN = /^[a-z2-7]{1,32}\.[a-z2-7]{1,64}$/;

type LookupRow<T> = Awaited<ReturnType<ReturnType<typeof sessionLookupStatement<T>>["execute"]>>[number];

async function validateWith<T>(
  db: DbOrTx,
  token: string,
  now: Date,
  lookup: (db: DbOrTx) => { execute(values: { id: string }): Promise<LookupRow<T>[]> },
): Promise<(ValidAccountSession & { extra: T }) | null> {
  // Only what createSession makes (two base32 parts) reaches the database: a cookie with NUL bytes, invalid
  // UTF-8 or any other shape is simply signed out, never a query error (finding 6).
  if (!SESSION_TOKEN.test(token)) return null;
  const [id, secret] = token.split(".") as [string, string];

  const [row] = await lookup(db).execute({ id });
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(secret), row.secretHash)) return null;

  const idleFor = now.getTime() - row.lastVerifiedAt.getTime();
  if (idleFor >= SESSION_INACTIVITY_MS) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  let lastVerifiedAt = row.lastVerifiedAt;
  const refreshed = idleFor >= SESSION_ACTIVITY_CHECK_MS;
  if (refreshed) {
    lastVerifiedAt = now;
    await db.update(sessions).set({ lastVerifiedAt: now }).where(eq(sessions.id, id));
  }
  return {
    sessionId: id,
    expiresAt: new Date(lastVerifiedAt.getTime() + SESSION_INACTIVITY_MS),
    refreshed,
    twoFactor: !row.twoFactorEnabledAt ? "off" : row.twoFactorVerified ? "passed" : "pending",
    user: {
      id: row.userId,
      name: row.name,
      email: row.email,
      phone: row.phone,
      locale: row.locale,
    },
    extra: row.extra,
  };
}

export async function validateSessionToken(
  db: DbOrTx,
  token: string,
  now = new Date(),
): Promise<ValidAccountSession | null> {
  const session = await validateWith(db, token, now, sessionLookup);
  if (!session) return null;
  const { extra: _none, ...rest } = session;
  return rest;
}

/**
 * validateSessionToken with `extra` selected in the same statement, returned beside the session. Call it once at
 * module level: the returned function prepares its statement once per database handle.
 */
export function sessionValidatorWith<T>(
  extra: SessionExtra<T>,
): (db: DbOrTx, token: string, now?: Date) => Promise<(ValidAccountSession & { extra: T }) | null> {
  const lookup = preparedFor((db) => sessionLookupStatement(db, extra.name, extra.select(sql`${users.id}`)));
  return (db, token, now = new Date()) => validateWith(db, token, now, lookup);
}

export async function invalidateSession(db: DbOrTx, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signing out: the session ends and the audit log keeps who left, in one transaction. */
export async function signOut(db: DbOrTx, session: { sessionId: string; userId: string }) {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, session.sessionId));
    await recordAudit(tx, {
      actorId: session.userId,
      action: "auth.sign_out",
      targetType: "user",
      targetId: session.userId,
    });
  });
}

export async function invalidateUserSessions(db: DbOrTx, userId: string) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
