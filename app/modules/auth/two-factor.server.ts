import { encodeBase32LowerCaseNoPadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import { and, count, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import QRCode from "qrcode";
import type { DbOrTx } from "#db/client";
import { recoveryCodes, sessions, totpCredentials } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { checkSignInAllowed, recordSignInAttempt } from "./rate-limit.server";
import { openSecret, sealSecret } from "./secret-box.server";
import { hashSecret } from "./tokens.server";

/** RFC 6238 as every common authenticator app reads it: SHA-1, 30-second steps, 6 digits. */
export const TOTP = {
  periodSeconds: 30,
  digits: 6,
  /** Steps accepted either side of now, for a phone clock a little off. */
  window: 1,
  /** RFC 4226 §4 asks for at least 128 bits; 160 is what the apps expect. */
  keyBytes: 20,
} as const;
export const TWO_FACTOR_ISSUER = "TM Academy";
export const RECOVERY_CODE_COUNT = 10;

export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP.periodSeconds);
}

/** Where an account stands: no authenticator, one waiting for its first code, or one in use. */
export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: Date | null;
  enrolling: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(db: DbOrTx, userId: string): Promise<TwoFactorStatus> {
  const [credential] = await db
    .select({ enabledAt: totpCredentials.enabledAt })
    .from(totpCredentials)
    .where(eq(totpCredentials.userId, userId));
  const [left] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return {
    enabled: !!credential?.enabledAt,
    enabledAt: credential?.enabledAt ?? null,
    enrolling: !!credential && !credential.enabledAt,
    recoveryCodesLeft: credential?.enabledAt ? (left?.n ?? 0) : 0,
  };
}

/**
 * Starts enrolment with a fresh key, kept (encrypted) until the first code confirms it. Starting again replaces
 * a key not yet confirmed; an authenticator in use is never replaced this way (it must be turned off first).
 */
export async function beginTwoFactorEnrolment(
  db: DbOrTx,
  userId: string,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; reason: "enabled" }> {
  const key = crypto.getRandomValues(new Uint8Array(TOTP.keyBytes));
  const secretEncrypted = sealSecret(key, userId);
  const written = await db
    .insert(totpCredentials)
    .values({ userId, secretEncrypted, createdAt: now })
    .onConflictDoUpdate({
      target: totpCredentials.userId,
      set: { secretEncrypted, createdAt: now, lastUsedStep: null },
      setWhere: isNull(totpCredentials.enabledAt),
    })
    .returning({ userId: totpCredentials.userId });
  return written.length ? { ok: true } : { ok: false, reason: "enabled" };
}

/** Abandons an enrolment that was never confirmed. */
export async function cancelTwoFactorEnrolment(db: DbOrTx, userId: string) {
  await db.delete(totpCredentials).where(and(eq(totpCredentials.userId, userId), isNull(totpCredentials.enabledAt)));
}

/** What the enrolment page shows: the otpauth:// URI as a QR code, and the key as text to type instead. */
export interface Enrolment {
  uri: string;
  /** Base32, in groups of four, as the apps' "enter a setup key" screens take it. */
  secret: string;
  qrDataUrl: string;
}

export async function pendingEnrolment(
  db: DbOrTx,
  account: { id: string; email: string | null; phone: string | null },
): Promise<Enrolment | null> {
  const [row] = await db
    .select({ secretEncrypted: totpCredentials.secretEncrypted })
    .from(totpCredentials)
    .where(and(eq(totpCredentials.userId, account.id), isNull(totpCredentials.enabledAt)));
  const key = row && openSecret(row.secretEncrypted, account.id);
  if (!key) return null;
  const uri = createTOTPKeyURI(TWO_FACTOR_ISSUER, account.email ?? account.phone ?? account.id, key, 30, 6);
  return {
    uri,
    secret: encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, "$1 "),
    qrDataUrl: await QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 2, width: 220 }),
  };
}

/** A code as typed: spaces and dashes dropped, letters lower-cased. */
function normalizeCode(raw: string): string {
  return raw.replace(/[\s-]/g, "").toLowerCase();
}

const TOTP_CODE = /^\d{6}$/;
const RECOVERY_CODE = /^[a-z2-7]{10}$/;

/** Ten single-use codes of 50 random bits each, shown as `xxxxx-xxxxx`; only their hashes are stored. */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const code = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(7))).slice(0, 10);
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

async function replaceRecoveryCodes(tx: DbOrTx, userId: string, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx
    .insert(recoveryCodes)
    .values(codes.map((code) => ({ userId, codeHash: hashSecret(normalizeCode(code)), createdAt: now })));
  return codes;
}

/**
 * Accepts a TOTP code once: the step it matches must be later than the last accepted one, and claiming it is
 * one conditional UPDATE, so the same code sent twice at once is accepted only once.
 */
async function acceptTotp(
  tx: DbOrTx,
  userId: string,
  code: string,
  now: Date,
  state: "enabled" | "enrolling",
): Promise<boolean> {
  const stateIs = state === "enabled" ? isNotNull(totpCredentials.enabledAt) : isNull(totpCredentials.enabledAt);
  const [row] = await tx
    .select({ secretEncrypted: totpCredentials.secretEncrypted, lastUsedStep: totpCredentials.lastUsedStep })
    .from(totpCredentials)
    .where(and(eq(totpCredentials.userId, userId), stateIs));
  if (!row) return false;
  const key = openSecret(row.secretEncrypted, userId);
  if (!key) {
    // Sealed under another key: SIGNING_KEY rotated without TWO_FACTOR_KEY set to its old value (docs/security.md).
    console.error(`The authenticator secret of account ${userId} cannot be decrypted: check TWO_FACTOR_KEY.`);
    return false;
  }
  const current = timeStep(now);
  for (let step = current - TOTP.window; step <= current + TOTP.window; step++) {
    if (row.lastUsedStep !== null && step <= row.lastUsedStep) continue;
    if (!verifyHOTP(key, BigInt(step), TOTP.digits, code)) continue;
    const claimed = await tx
      .update(totpCredentials)
      .set({ lastUsedStep: step })
      .where(
        and(
          eq(totpCredentials.userId, userId),
          stateIs,
          or(isNull(totpCredentials.lastUsedStep), lt(totpCredentials.lastUsedStep, step)),
        ),
      )
      .returning({ userId: totpCredentials.userId });
    return claimed.length > 0;
  }
  return false;
}

async function acceptRecoveryCode(tx: DbOrTx, userId: string, code: string, now: Date): Promise<boolean> {
  const used = await tx
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashSecret(code)), isNull(recoveryCodes.usedAt)),
    )
    .returning({ id: recoveryCodes.id });
  return used.length > 0;
}

export type CodeFailure = { ok: false; reason: "invalid" } | { ok: false; reason: "limited"; retryAt: Date };

interface CodeInput {
  userId: string;
  code: string;
  ip: string;
  now?: Date;
}

/**
 * Checks a code under the sign-in limits (SIGN_IN_LIMITS, counted for the account's second factor apart from its
 * password): a locked account is refused before the code is looked at, and every answer is counted.
 */
async function checkCode(
  tx: DbOrTx,
  input: CodeInput & { now: Date; accept: "totp" | "totp-or-recovery" | "enrolment" },
): Promise<{ ok: true; via: "totp" | "recovery" } | CodeFailure> {
  const account = `two-factor:${input.userId}`;
  const ip = input.ip.slice(0, 64);
  const gate = await checkSignInAllowed(tx, { account, ip, now: input.now });
  if (!gate.allowed) return { ok: false, reason: "limited", retryAt: gate.retryAt };
  const code = normalizeCode(input.code);
  let via: "totp" | "recovery" | null = null;
  if (TOTP_CODE.test(code)) {
    const state = input.accept === "enrolment" ? "enrolling" : "enabled";
    if (await acceptTotp(tx, input.userId, code, input.now, state)) via = "totp";
  } else if (input.accept === "totp-or-recovery" && RECOVERY_CODE.test(code)) {
    if (await acceptRecoveryCode(tx, input.userId, code, input.now)) via = "recovery";
  }
  await recordSignInAttempt(tx, { account, ip, succeeded: via !== null, now: input.now });
  return via ? { ok: true, via } : { ok: false, reason: "invalid" };
}

async function markSessionVerified(tx: DbOrTx, sessionId: string, userId: string) {
  await tx
    .update(sessions)
    .set({ twoFactorVerified: true })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));
}

/**
 * The first code from the app turns the authenticator on: the account gets its recovery codes (returned to be
 * shown once) and this session counts as having given its second factor. The account's other sessions now
 * ask for a code.
 */
export async function confirmTwoFactorEnrolment(
  db: DbOrTx,
  input: CodeInput & { sessionId: string },
): Promise<{ ok: true; recoveryCodes: string[] } | CodeFailure> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const checked = await checkCode(tx, { ...input, now, accept: "enrolment" });
    if (!checked.ok) return checked;
    await tx.update(totpCredentials).set({ enabledAt: now }).where(eq(totpCredentials.userId, input.userId));
    const codes = await replaceRecoveryCodes(tx, input.userId, now);
    await markSessionVerified(tx, input.sessionId, input.userId);
    await recordAudit(tx, {
      actorId: input.userId,
      action: "auth.two_factor_enable",
      targetType: "user",
      targetId: input.userId,
    });
    return { ok: true as const, recoveryCodes: codes };
  });
}

/**
 * The sign-in step: a code from the app or an unused recovery code completes the session. A recovery code is
 * spent and its use is in the audit log with how many are left.
 */
export async function completeTwoFactorSignIn(
  db: DbOrTx,
  input: CodeInput & { sessionId: string },
): Promise<{ ok: true; via: "totp" | "recovery"; recoveryCodesLeft: number } | CodeFailure> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const checked = await checkCode(tx, { ...input, now, accept: "totp-or-recovery" });
    if (!checked.ok) return checked;
    await markSessionVerified(tx, input.sessionId, input.userId);
    const [left] = await tx
      .select({ n: count() })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, input.userId), isNull(recoveryCodes.usedAt)));
    const recoveryCodesLeft = left?.n ?? 0;
    if (checked.via === "recovery")
      await recordAudit(tx, {
        actorId: input.userId,
        action: "auth.recovery_code_use",
        targetType: "user",
        targetId: input.userId,
        after: { ip: input.ip, recoveryCodesLeft },
      });
    return { ok: true as const, via: checked.via, recoveryCodesLeft };
  });
}

/** Turns the authenticator off, given a current code (or a recovery code, for a lost phone). */
export async function disableTwoFactor(db: DbOrTx, input: CodeInput): Promise<{ ok: true } | CodeFailure> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const checked = await checkCode(tx, { ...input, now, accept: "totp-or-recovery" });
    if (!checked.ok) return checked;
    await tx.delete(totpCredentials).where(eq(totpCredentials.userId, input.userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, input.userId));
    await recordAudit(tx, {
      actorId: input.userId,
      action: "auth.two_factor_disable",
      targetType: "user",
      targetId: input.userId,
      after: { with: checked.via },
    });
    return { ok: true as const };
  });
}

/** Ten new recovery codes in place of the old ones (all of which stop working), given a current code. */
export async function regenerateRecoveryCodes(
  db: DbOrTx,
  input: CodeInput,
): Promise<{ ok: true; recoveryCodes: string[] } | CodeFailure> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const checked = await checkCode(tx, { ...input, now, accept: "totp-or-recovery" });
    if (!checked.ok) return checked;
    const codes = await replaceRecoveryCodes(tx, input.userId, now);
    await recordAudit(tx, {
      actorId: input.userId,
      action: "auth.recovery_codes_regenerate",
      targetType: "user",
      targetId: input.userId,
    });
    return { ok: true as const, recoveryCodes: codes };
  });
}
