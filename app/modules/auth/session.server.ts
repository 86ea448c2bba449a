import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { sessions, users, type Role } from "#db/schema";
import { hashSecret, randomToken } from "./tokens.server";

/** A session ends after this long without a request. */
export const SESSION_INACTIVITY_MS = 30 * 24 * 60 * 60 * 1000;
/** The sliding expiry is written back at most this often, so most requests only read. */
export const SESSION_ACTIVITY_CHECK_MS = 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: "zh-CN" | "en";
  memberships: { role: Role; organizationId: string | null; regionId: string | null }[];
}

export interface ValidSession {
  sessionId: string;
  expiresAt: Date;
  user: SessionUser;
  /** True when the expiry moved and the cookie should be sent again. */
  refreshed: boolean;
}

export async function createSession(db: DbOrTx, userId: string, now = new Date()) {
  const id = randomToken();
  const secret = randomToken();
  await db.insert(sessions).values({
    id,
    userId,
    secretHash: hashSecret(secret),
    createdAt: now,
    lastVerifiedAt: now,
  });
  return { token: `${id}.${secret}`, expiresAt: new Date(now.getTime() + SESSION_INACTIVITY_MS) };
}

// One round trip: the session, its user and the user's roles. Prepared once per database handle:
// it runs on every signed-in request, and building the query each time cost ~0.3 ms (STACK-NOTES).
function buildSessionLookup(db: DbOrTx) {
  return db
    .select({
      secretHash: sessions.secretHash,
      lastVerifiedAt: sessions.lastVerifiedAt,
      userId: users.id,
      name: users.name,
      email: users.email,
      phone: users.phone,
      locale: users.locale,
      memberships: sql<SessionUser["memberships"]>`coalesce((
        select json_agg(json_build_object('role', m.role, 'organizationId', m.organization_id, 'regionId', m.region_id))
        from memberships m where m.user_id = ${users.id}), '[]'::json)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare("session_lookup");
}
const preparedLookups = new WeakMap<DbOrTx, ReturnType<typeof buildSessionLookup>>();
function sessionLookup(db: DbOrTx) {
  let lookup = preparedLookups.get(db);
  if (!lookup) {
    lookup = buildSessionLookup(db);
    preparedLookups.set(db, lookup);
  }
  return lookup;
}

export async function validateSessionToken(
  db: DbOrTx,
  token: string,
  now = new Date(),
): Promise<ValidSession | null> {
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined || id.length > 32) return null;

  const [row] = await sessionLookup(db).execute({ id });
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
    user: {
      id: row.userId,
      name: row.name,
      email: row.email,
      phone: row.phone,
      locale: row.locale,
      memberships: row.memberships,
    },
  };
}

export async function invalidateSession(db: DbOrTx, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: DbOrTx, userId: string) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
