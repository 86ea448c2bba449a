import { and, count, eq, gt, inArray, min, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { passwordResetRequests, signInAttempts } from "#db/schema";

/** Limits kept in the database so that every copy of the app counts the same attempts. */
export const SIGN_IN_LIMITS = {
  windowMs: 15 * 60 * 1000,
  /** Failed attempts on one account within the window (a success starts the count again). */
  perAccount: 5,
  /** Failed attempts from one address within the window, whatever the account. */
  perAddress: 30,
} as const;

export type SignInGate = { allowed: true } | { allowed: false; retryAt: Date };

export async function checkSignInAllowed(
  db: DbOrTx,
  { account, ip, now = new Date() }: { account: string | string[]; ip: string; now?: Date },
): Promise<SignInGate> {
  // An account known by several identifiers (e-mail and mobile) has one lock: all of them are counted.
  const accounts = Array.isArray(account) ? account : [account];
  const windowStart = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
  const lastSuccess = sql`coalesce((select max(s.created_at) from sign_in_attempts s
    where s.account in (${sql.join(
      accounts.map((a) => sql`${a}`),
      sql`, `,
    )}) and s.succeeded), '-infinity'::timestamptz)`;

  const [byAccount] = await db
    .select({ failures: count(), oldest: min(signInAttempts.createdAt) })
    .from(signInAttempts)
    .where(
      and(
        inArray(signInAttempts.account, accounts),
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.createdAt, windowStart),
        sql`${signInAttempts.createdAt} > ${lastSuccess}`,
      ),
    );
  const [byAddress] = await db
    .select({ failures: count(), oldest: min(signInAttempts.createdAt) })
    .from(signInAttempts)
    .where(
      and(eq(signInAttempts.ip, ip), eq(signInAttempts.succeeded, false), gt(signInAttempts.createdAt, windowStart)),
    );

  const retryTimes: Date[] = [];
  if (byAccount && byAccount.failures >= SIGN_IN_LIMITS.perAccount && byAccount.oldest)
    retryTimes.push(new Date(new Date(byAccount.oldest).getTime() + SIGN_IN_LIMITS.windowMs));
  if (byAddress && byAddress.failures >= SIGN_IN_LIMITS.perAddress && byAddress.oldest)
    retryTimes.push(new Date(new Date(byAddress.oldest).getTime() + SIGN_IN_LIMITS.windowMs));
  if (retryTimes.length === 0) return { allowed: true };
  return { allowed: false, retryAt: new Date(Math.max(...retryTimes.map((d) => d.getTime()))) };
}

export async function recordSignInAttempt(
  db: DbOrTx,
  attempt: { account: string; ip: string; succeeded: boolean; now?: Date },
) {
  await db.insert(signInAttempts).values({
    account: attempt.account,
    ip: attempt.ip,
    succeeded: attempt.succeeded,
    createdAt: attempt.now ?? new Date(),
  });
}

/** How many forgot-password requests are acted on (finding 3); more get the same answer but no e-mail. */
export const RESET_LIMITS = {
  windowMs: 60 * 60 * 1000,
  /** Reset e-mails one account can receive within the window. */
  perAccount: 3,
  /** Requests one address can make within the window, whatever the account (existing or not). */
  perAddress: 10,
} as const;

/**
 * Records a forgot-password request and says whether it may send an e-mail. Every request counts for the
 * address, so asking about unknown accounts uses up the same allowance as asking about real ones.
 */
export async function admitPasswordResetRequest(
  db: DbOrTx,
  { account, ip, now = new Date() }: { account: string; ip: string; now?: Date },
): Promise<boolean> {
  const windowStart = new Date(now.getTime() - RESET_LIMITS.windowMs);
  const [byAccount] = await db
    .select({ n: count() })
    .from(passwordResetRequests)
    .where(and(eq(passwordResetRequests.account, account), gt(passwordResetRequests.createdAt, windowStart)));
  const [byAddress] = await db
    .select({ n: count() })
    .from(passwordResetRequests)
    .where(and(eq(passwordResetRequests.ip, ip), gt(passwordResetRequests.createdAt, windowStart)));
  await db.insert(passwordResetRequests).values({ account, ip: ip.slice(0, 64), createdAt: now });
  return (byAccount?.n ?? 0) < RESET_LIMITS.perAccount && (byAddress?.n ?? 0) < RESET_LIMITS.perAddress;
}
