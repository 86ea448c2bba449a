import { and, eq, gt, inArray, isNull, max } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { passwordTokens, totpCredentials, users, type User } from "#db/schema";
import type { Language } from "~/i18n/config";
import { translator } from "~/i18n/i18n.server";
import { recordAudit } from "~/modules/audit/index.server";
import { enqueueEmail } from "~/modules/mail/index.server";
import { isUniqueViolation } from "~/utils/errors.server";
import { parseIdentifier, type Identifier } from "./identifier";
import { hashPassword, verifyPassword } from "./password.server";
import { admitPasswordResetRequest, checkSignInAllowed, recordSignInAttempt } from "./rate-limit.server";
import { createSession, invalidateUserSessions } from "./session.server";
import { hashSecret, randomToken } from "./tokens.server";

/** A failure tied to one form field, with a catalog key for its message. */
export type FieldFailure = { ok: false; field: string; message: string; values?: Record<string, string> };

const RESET_TOKEN_MS = 60 * 60 * 1000;
const SET_PASSWORD_TOKEN_MS = 7 * 24 * 60 * 60 * 1000;

function identifierColumn(identifier: Identifier) {
  return identifier.kind === "email" ? eq(users.email, identifier.value) : eq(users.phone, identifier.value);
}

export async function findUserByIdentifier(db: DbOrTx, raw: string): Promise<User | undefined> {
  const identifier = parseIdentifier(raw);
  if (!identifier) return undefined;
  const [user] = await db.select().from(users).where(identifierColumn(identifier)).limit(1);
  return user;
}

/**
 * Creates an account with a password and signs it in, in one transaction. `andThen` writes, in that
 * transaction, what another area keeps about the new person (orgs' signUpTrainee: the trainee role).
 */
export async function signUp(
  db: DbOrTx,
  input: { identifier: string; name: string; password: string; locale: Language },
  andThen?: (tx: DbOrTx, user: User) => Promise<unknown>,
): Promise<{ ok: true; user: User; token: string; expiresAt: Date } | FieldFailure> {
  const identifier = parseIdentifier(input.identifier);
  if (!identifier) return { ok: false, field: "identifier", message: "validation.identifier.invalid" };
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          name: input.name,
          email: identifier.kind === "email" ? identifier.value : null,
          phone: identifier.kind === "phone" ? identifier.value : null,
          passwordHash,
          locale: input.locale,
        })
        .returning();
      if (!user) throw new Error("insert returned no row");
      await andThen?.(tx, user);
      const session = await createSession(tx, user.id);
      return { ok: true as const, user, ...session };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return {
        ok: false,
        field: "identifier",
        message: identifier.kind === "email" ? "validation.email.taken" : "validation.phone.taken",
      };
    throw error;
  }
}

export type SignInResult =
  /** `twoFactorPending`: the account has an authenticator; the session opens only the code step until a code. */
  | { ok: true; user: User; token: string; expiresAt: Date; twoFactorPending: boolean }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "limited"; retryAt: Date };

export async function signIn(
  db: DbOrTx,
  input: { identifier: string; password: string; ip: string; now?: Date },
): Promise<SignInResult> {
  const now = input.now ?? new Date();
  const account = parseIdentifier(input.identifier)?.value ?? input.identifier.trim().toLowerCase().slice(0, 254);
  const user = await findUserByIdentifier(db, input.identifier);
  // One lock per account whatever identifier is typed: failures by its e-mail count for its mobile and back.
  const keys = user ? [...new Set([account, user.email, user.phone].filter((k): k is string => !!k))] : [account];
  const gate = await checkSignInAllowed(db, { account: keys, ip: input.ip, now });
  if (!gate.allowed) return { ok: false, reason: "limited", retryAt: gate.retryAt };

  const valid = !!user?.passwordHash && (await verifyPassword(user.passwordHash, input.password));
  await recordSignInAttempt(db, { account, ip: input.ip, succeeded: valid, now });
  if (!valid || !user) {
    // A failed sign-in names the account tried (an unknown one by what was typed), never the password.
    await recordAudit(db, {
      actorId: null,
      action: "auth.sign_in_failed",
      targetType: user ? "user" : "account",
      targetId: user ? user.id : account.slice(0, 64),
      after: { ip: input.ip },
    });
    return { ok: false, reason: "invalid" };
  }
  const session = await createSession(db, user.id, now);
  const [authenticator] = await db
    .select({ enabledAt: totpCredentials.enabledAt })
    .from(totpCredentials)
    .where(eq(totpCredentials.userId, user.id));
  await recordAudit(db, {
    actorId: user.id,
    action: "auth.sign_in",
    targetType: "user",
    targetId: user.id,
    after: { ip: input.ip },
  });
  return { ok: true, user, ...session, twoFactorPending: !!authenticator?.enabledAt };
}

/**
 * Changes the password and ends every session of the user, then opens a new one for this device (which keeps
 * the second factor its old session had given: `twoFactorPassed`).
 */
export async function changePassword(
  db: DbOrTx,
  input: { userId: string; currentPassword: string; newPassword: string; twoFactorPassed?: boolean },
): Promise<{ ok: true; token: string; expiresAt: Date } | FieldFailure> {
  const [user] = await db.select().from(users).where(eq(users.id, input.userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword)))
    return { ok: false, field: "currentPassword", message: "validation.password.wrongCurrent" };
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await invalidateUserSessions(tx, user.id);
    await recordAudit(tx, { actorId: user.id, action: "user.password_change", targetType: "user", targetId: user.id });
    const session = await createSession(tx, user.id, new Date(), { twoFactorVerified: !!input.twoFactorPassed });
    return { ok: true as const, ...session };
  });
}

/** When a link made now stops working: an hour to reset a forgotten password, 7 days to set a first one. */
export function passwordTokenExpiry(purpose: "reset" | "set", now = new Date()): Date {
  return new Date(now.getTime() + (purpose === "reset" ? RESET_TOKEN_MS : SET_PASSWORD_TOKEN_MS));
}

/** Writes a one-time link for (re)setting a password and returns the raw token for the e-mail. */
export async function createPasswordToken(
  db: DbOrTx,
  userId: string,
  purpose: "reset" | "set",
  now = new Date(),
): Promise<string> {
  const token = randomToken();
  await db.insert(passwordTokens).values({
    userId,
    purpose,
    tokenHash: hashSecret(token),
    expiresAt: passwordTokenExpiry(purpose, now),
  });
  return token;
}

/** Until when each person's latest unused password link still works; people without one are absent. */
export async function openPasswordLinksOf(db: DbOrTx, userIds: string[], now = new Date()): Promise<Map<string, Date>> {
  if (!userIds.length) return new Map();
  const rows = await db
    .select({ userId: passwordTokens.userId, until: max(passwordTokens.expiresAt) })
    .from(passwordTokens)
    .where(
      and(inArray(passwordTokens.userId, userIds), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)),
    )
    .groupBy(passwordTokens.userId);
  return new Map(rows.flatMap((r) => (r.until ? [[r.userId, r.until] as const] : [])));
}

/**
 * Ends a person's unused password links now (by expiry, not marked used: the record still says they were
 * never opened). Returns how many were ended.
 */
export async function endOpenPasswordLinks(db: DbOrTx, userId: string, now = new Date()): Promise<number> {
  const ended = await db
    .update(passwordTokens)
    .set({ expiresAt: now })
    .where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)))
    .returning({ id: passwordTokens.id });
  return ended.length;
}

/**
 * Sends a reset link when the identifier belongs to an account with an e-mail address, within the limits
 * per account and per address (RESET_LIMITS). The caller shows the same answer either way, so nobody learns
 * which accounts exist or whether a limit was reached.
 */
export async function requestPasswordReset(
  db: DbOrTx,
  input: { identifier: string; appUrl: string; ip: string; now?: Date },
) {
  const user = await findUserByIdentifier(db, input.identifier);
  // Counted by account when there is one (however it was typed), else by what was typed.
  const account = user
    ? `user:${user.id}`
    : (parseIdentifier(input.identifier)?.value ?? input.identifier.trim().toLowerCase()).slice(0, 254);
  const admitted = await admitPasswordResetRequest(db, { account, ip: input.ip, now: input.now });
  if (!admitted || !user?.email) return;
  const email = user.email;
  const t = await translator(user.locale);
  await db.transaction(async (tx) => {
    const token = await createPasswordToken(tx, user.id, "reset");
    await enqueueEmail(tx, {
      to: email,
      subject: t("email.reset.subject"),
      text: t("email.reset.body", { name: user.name, link: `${input.appUrl}/reset-password/${token}` }),
    });
  });
}

export async function findPasswordToken(db: DbOrTx, token: string, now = new Date()) {
  const [row] = await db
    .select({ id: passwordTokens.id, userId: passwordTokens.userId, purpose: passwordTokens.purpose })
    .from(passwordTokens)
    .where(
      and(
        eq(passwordTokens.tokenHash, hashSecret(token)),
        isNull(passwordTokens.usedAt),
        gt(passwordTokens.expiresAt, now),
      ),
    );
  return row;
}

/** Uses a reset or set-password link once: new password, every old session ended. */
export async function resetPassword(
  db: DbOrTx,
  input: { token: string; newPassword: string },
): Promise<{ ok: true; userId: string } | { ok: false }> {
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    const found = await findPasswordToken(tx, input.token);
    if (!found) return { ok: false as const };
    // Marking it used in the same statement that checks it makes a double submit harmless.
    const claimed = await tx
      .update(passwordTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordTokens.id, found.id), isNull(passwordTokens.usedAt)))
      .returning({ id: passwordTokens.id });
    if (claimed.length === 0) return { ok: false as const };
    // Every other open link of the account ends with this reset (finding 2: an older link still worked).
    await endOpenPasswordLinks(tx, found.userId);
    await tx.update(users).set({ passwordHash }).where(eq(users.id, found.userId));
    await invalidateUserSessions(tx, found.userId);
    await recordAudit(tx, {
      actorId: found.userId,
      action: found.purpose === "set" ? "user.password_set" : "user.password_reset",
      targetType: "user",
      targetId: found.userId,
    });
    return { ok: true as const, userId: found.userId };
  });
}

/**
 * The account with this (lower-cased) e-mail, created without a password when there is none (staff
 * invitations: the person sets one through a link). Inside the caller's transaction.
 */
export async function findOrCreateAccountByEmail(db: DbOrTx, input: { email: string; name: string; locale: Language }) {
  let [user] = await db.select().from(users).where(eq(users.email, input.email));
  const isNew = !user;
  if (!user)
    [user] = await db.insert(users).values({ email: input.email, name: input.name, locale: input.locale }).returning();
  if (!user) throw new Error("insert returned no row");
  return { id: user.id, name: user.name, hasPassword: user.passwordHash !== null, isNew };
}

export async function setUserLanguage(db: DbOrTx, userId: string, locale: Language) {
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}
