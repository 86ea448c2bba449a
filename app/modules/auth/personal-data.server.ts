import { eq, inArray, lt } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import {
  passwordResetRequests,
  passwordTokens,
  recoveryCodes,
  sessions,
  signInAttempts,
  totpCredentials,
  users,
} from "#db/schema";

/** What an erased account is called everywhere it is still shown (docs/privacy.md). */
export const ERASED_NAME = "已注销用户";

/** A person's own account as they may download it: never the password hash, the session secrets or TOTP secret. */
export async function accountDataOf(db: DbOrTx, userId: string) {
  const [account] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      phone: users.phone,
      locale: users.locale,
      createdAt: users.createdAt,
      erasedAt: users.erasedAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!account) return null;
  // The address logs are keyed by the identifier typed (e-mail or mobile), not by the account.
  const identifiers = [account.email, account.phone].filter((v): v is string => Boolean(v));
  const anyOf = identifiers.length ? identifiers : [""];
  const [openSessions, attempts, resets, totp] = await Promise.all([
    db
      .select({ createdAt: sessions.createdAt, lastVerifiedAt: sessions.lastVerifiedAt })
      .from(sessions)
      .where(eq(sessions.userId, userId)),
    db
      .select({ ip: signInAttempts.ip, succeeded: signInAttempts.succeeded, createdAt: signInAttempts.createdAt })
      .from(signInAttempts)
      .where(inArray(signInAttempts.account, anyOf)),
    db
      .select({ ip: passwordResetRequests.ip, createdAt: passwordResetRequests.createdAt })
      .from(passwordResetRequests)
      .where(inArray(passwordResetRequests.account, anyOf)),
    db.select({ createdAt: totpCredentials.createdAt }).from(totpCredentials).where(eq(totpCredentials.userId, userId)),
  ]);
  return {
    account,
    sessions: openSessions,
    signInAttempts: attempts,
    passwordResetRequests: resets,
    twoFactor: { enrolled: totp.length > 0 },
  };
}

/**
 * Erases an account in place (idempotent): name replaced, contact details, password, sessions, links, second
 * factor and the address logs removed. The row stays so that kept records still point at an (anonymous) account.
 * Returns the contact addresses it removed, for the outbox to forget.
 */
export async function eraseAccount(tx: DbOrTx, userId: string): Promise<string[]> {
  const [before] = await tx
    .select({ email: users.email, phone: users.phone })
    .from(users)
    .where(eq(users.id, userId))
    .for("update");
  if (!before) return [];
  await tx
    .update(users)
    .set({ name: ERASED_NAME, email: null, phone: null, passwordHash: null, erasedAt: new Date() })
    .where(eq(users.id, userId));
  await tx.delete(sessions).where(eq(sessions.userId, userId));
  await tx.delete(passwordTokens).where(eq(passwordTokens.userId, userId));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.delete(totpCredentials).where(eq(totpCredentials.userId, userId));
  const identifiers = [before.email, before.phone].filter((v): v is string => Boolean(v));
  if (identifiers.length) {
    await tx.delete(signInAttempts).where(inArray(signInAttempts.account, identifiers));
    await tx.delete(passwordResetRequests).where(inArray(passwordResetRequests.account, identifiers));
  }
  return identifiers;
}

/**
 * Retention of addresses (ACCESS_LOG_RETENTION_DAYS, docs/privacy.md): the sign-in and forgot-password logs exist
 * for rate limits that look back minutes to hours, so rows older than the cutoff go entirely.
 */
export async function purgeAddressLogs(db: DbOrTx, before: Date): Promise<number> {
  const a = await db
    .delete(signInAttempts)
    .where(lt(signInAttempts.createdAt, before))
    .returning({ id: signInAttempts.id });
  const b = await db
    .delete(passwordResetRequests)
    .where(lt(passwordResetRequests.createdAt, before))
    .returning({ id: passwordResetRequests.id });
  return a.length + b.length;
}
