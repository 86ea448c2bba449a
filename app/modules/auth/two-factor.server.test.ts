import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, recoveryCodes, totpCredentials } from "#db/schema";
import { makeUser, TEST_PASSWORD } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { changePassword, signIn } from "./accounts.server";
import { SIGN_IN_LIMITS } from "./rate-limit.server";
import { openSecret } from "./secret-box.server";
import { createSession, validateSessionToken } from "./session.server";
import {
  beginTwoFactorEnrolment,
  completeTwoFactorSignIn,
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  pendingEnrolment,
  regenerateRecoveryCodes,
  TOTP,
  timeStep,
  twoFactorStatus,
} from "./two-factor.server";

const STEP_MS = TOTP.periodSeconds * 1000;
const IP = "198.51.100.7";

/** The code an authenticator app shows at `at` for this key (RFC 6238 through @oslojs/otp, as the app computes it). */
const codeAt = (key: Uint8Array, at: Date) => generateHOTP(key, BigInt(timeStep(at)), TOTP.digits);

/** A well-formed code that the app shows neither at `at` nor a step either side of it. */
function wrongCodeAt(key: Uint8Array, at: Date): string {
  const near = [-1, 0, 1].map((k) => codeAt(key, new Date(at.getTime() + k * STEP_MS)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!near.includes(code)) return code;
  }
}

/** An account that has started enrolment, with the key as the page shows it (base32 text) read back. */
async function enrolling(now: Date) {
  const d = await db();
  const user = await makeUser(d, { role: "platform_admin" });
  expect(await beginTwoFactorEnrolment(d, user.id, now)).toEqual({ ok: true });
  const enrolment = await pendingEnrolment(d, user);
  const key = decodeBase32IgnorePadding(enrolment!.secret.replace(/ /g, ""));
  const { token, ...rest } = await createSession(d, user.id, now);
  const sessionId = token.split(".")[0]!;
  return { d, user, key, enrolment: enrolment!, token, sessionId, ...rest };
}

/** An account with its authenticator on (enrolled at `now`), and its recovery codes. */
async function enrolled(now: Date) {
  const e = await enrolling(now);
  const confirmed = await confirmTwoFactorEnrolment(e.d, {
    userId: e.user.id,
    sessionId: e.sessionId,
    code: codeAt(e.key, now),
    ip: IP,
    now,
  });
  if (!confirmed.ok) throw new Error("enrolment failed");
  return { ...e, recoveryCodes: confirmed.recoveryCodes };
}

describe("enrolment", () => {
  test("the QR code's otpauth URI names TM Academy and the account; the key is stored only encrypted", async () => {
    const now = new Date("2026-04-01T08:00:00Z");
    const { d, user, key, enrolment } = await enrolling(now);
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/TM%20Academy:/);
    expect(enrolment.uri).toContain(`issuer=TM+Academy`);
    expect(enrolment.uri).toContain(encodeURIComponent(user.email!));
    expect(enrolment.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(key).toHaveLength(20);

    const [row] = await d.select().from(totpCredentials).where(eq(totpCredentials.userId, user.id));
    expect(Buffer.from(row!.secretEncrypted).includes(Buffer.from(key))).toBe(false);
    expect(openSecret(row!.secretEncrypted, user.id)).toEqual(key);
    // Bound to its account: the same bytes copied to another account's row do not open.
    expect(openSecret(row!.secretEncrypted, crypto.randomUUID())).toBeNull();
    expect(await twoFactorStatus(d, user.id)).toMatchObject({ enabled: false, enrolling: true });
  });

  test("a valid code turns it on with ten recovery codes and the audit log records it; a wrong code does not", async () => {
    const now = new Date("2026-04-01T09:00:00Z");
    const { d, user, key, sessionId, token } = await enrolling(now);
    const right = codeAt(key, now);
    const wrong = wrongCodeAt(key, now);
    expect(await confirmTwoFactorEnrolment(d, { userId: user.id, sessionId, code: wrong, ip: IP, now })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect((await twoFactorStatus(d, user.id)).enabled).toBe(false);

    const confirmed = await confirmTwoFactorEnrolment(d, { userId: user.id, sessionId, code: right, ip: IP, now });
    expect(confirmed.ok).toBe(true);
    const codes = confirmed.ok ? confirmed.recoveryCodes : [];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(await twoFactorStatus(d, user.id)).toMatchObject({ enabled: true, enrolling: false, recoveryCodesLeft: 10 });
    // The session that enrolled has given its second factor.
    expect((await validateSessionToken(d, token, now))?.twoFactor).toBe("passed");
    const audit = await d
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, "auth.two_factor_enable")));
    expect(audit).toHaveLength(1);
    // Recovery codes are kept as hashes only.
    const stored = await d.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(stored.map((r) => Buffer.from(r.codeHash).toString("utf8")).join()).not.toContain(codes[0]!.slice(0, 5));
  });

  test("starting again replaces a key not yet confirmed, never one in use", async () => {
    const now = new Date("2026-04-01T10:00:00Z");
    const { d, user } = await enrolled(now);
    expect(await beginTwoFactorEnrolment(d, user.id, now)).toEqual({ ok: false, reason: "enabled" });
    expect(await pendingEnrolment(d, user)).toBeNull();
  });
});

describe("signing in with the second factor", () => {
  test("after the password the session is pending until a valid code; a wrong code leaves it pending", async () => {
    const now = new Date("2026-04-02T08:00:00Z");
    const { d, user, key } = await enrolled(now);
    const later = new Date(now.getTime() + 5 * STEP_MS);
    const signedIn = await signIn(d, { identifier: user.email!, password: TEST_PASSWORD, ip: IP, now: later });
    expect(signedIn).toMatchObject({ ok: true, twoFactorPending: true });
    const token = signedIn.ok ? signedIn.token : "";
    const sessionId = token.split(".")[0]!;
    expect((await validateSessionToken(d, token, later))?.twoFactor).toBe("pending");

    const right = codeAt(key, later);
    const wrong = wrongCodeAt(key, later);
    expect(await completeTwoFactorSignIn(d, { userId: user.id, sessionId, code: wrong, ip: IP, now: later })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect((await validateSessionToken(d, token, later))?.twoFactor).toBe("pending");

    expect(
      await completeTwoFactorSignIn(d, { userId: user.id, sessionId, code: right, ip: IP, now: later }),
    ).toMatchObject({ ok: true, via: "totp" });
    expect((await validateSessionToken(d, token, later))?.twoFactor).toBe("passed");
  });

  test("a code from the step before or after now is accepted (phone clocks drift); two steps off is not", async () => {
    const now = new Date("2026-04-02T09:00:00Z");
    const { d, user, key, sessionId } = await enrolled(now);
    const at = new Date(now.getTime() + 10 * STEP_MS);
    const input = { userId: user.id, sessionId, ip: IP, now: at };
    expect(
      await completeTwoFactorSignIn(d, { ...input, code: codeAt(key, new Date(at.getTime() - 2 * STEP_MS)) }),
    ).toMatchObject({ ok: false });
    expect(
      await completeTwoFactorSignIn(d, { ...input, code: codeAt(key, new Date(at.getTime() - STEP_MS)) }),
    ).toMatchObject({ ok: true });
    expect(
      await completeTwoFactorSignIn(d, { ...input, code: codeAt(key, new Date(at.getTime() + STEP_MS)) }),
    ).toMatchObject({ ok: true });
  });

  test("a code that was accepted once is refused the second time (no replay), and so is an older one", async () => {
    const now = new Date("2026-04-02T10:00:00Z");
    const { d, user, key, sessionId } = await enrolled(now);
    const at = new Date(now.getTime() + 3 * STEP_MS);
    const code = codeAt(key, at);
    const input = { userId: user.id, sessionId, ip: IP, now: at };
    expect(await completeTwoFactorSignIn(d, { ...input, code })).toMatchObject({ ok: true });
    // Seconds later, by someone who saw it typed:
    const replay = { ...input, now: new Date(at.getTime() + 5000) };
    expect(await completeTwoFactorSignIn(d, { ...replay, code })).toEqual({ ok: false, reason: "invalid" });
    expect(
      await completeTwoFactorSignIn(d, { ...replay, code: codeAt(key, new Date(at.getTime() - STEP_MS)) }),
    ).toEqual({ ok: false, reason: "invalid" });
    // The enrolment's own code cannot be used to sign in either.
    expect(await completeTwoFactorSignIn(d, { ...input, now, code: codeAt(key, now) })).toMatchObject({ ok: false });
  });

  test("a recovery code works once (typed in capitals with spaces too), and its use is audited", async () => {
    const now = new Date("2026-04-02T11:00:00Z");
    const { d, user, sessionId, recoveryCodes: codes } = await enrolled(now);
    const input = { userId: user.id, sessionId, ip: IP, now };
    const typed = ` ${codes[3]!.toUpperCase().replace("-", " ")} `;
    expect(await completeTwoFactorSignIn(d, { ...input, code: typed })).toEqual({
      ok: true,
      via: "recovery",
      recoveryCodesLeft: 9,
    });
    expect(await completeTwoFactorSignIn(d, { ...input, code: codes[3]! })).toEqual({ ok: false, reason: "invalid" });
    expect((await twoFactorStatus(d, user.id)).recoveryCodesLeft).toBe(9);
    const audit = await d
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, "auth.recovery_code_use")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ recoveryCodesLeft: 9 });
  });

  test("repeated wrong codes lock the account's second factor, even for the right code, until the window passes", async () => {
    const now = new Date("2026-04-03T08:00:00Z");
    const { d, user, key, sessionId, recoveryCodes: codes } = await enrolled(now);
    const t0 = new Date(now.getTime() + 60_000);
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      const at = new Date(t0.getTime() + i * 1000);
      const wrong = wrongCodeAt(key, at);
      expect(
        await completeTwoFactorSignIn(d, { userId: user.id, sessionId, code: wrong, ip: `10.0.0.${i}`, now: at }),
      ).toEqual({ ok: false, reason: "invalid" });
    }
    const blockedAt = new Date(t0.getTime() + 10_000);
    const retryAt = new Date(t0.getTime() + SIGN_IN_LIMITS.windowMs);
    const input = { userId: user.id, sessionId, ip: "10.0.9.9" };
    expect(await completeTwoFactorSignIn(d, { ...input, code: codeAt(key, blockedAt), now: blockedAt })).toEqual({
      ok: false,
      reason: "limited",
      retryAt,
    });
    // Recovery codes, turning it off and new codes are behind the same lock.
    expect(await completeTwoFactorSignIn(d, { ...input, code: codes[0]!, now: blockedAt })).toMatchObject({
      reason: "limited",
    });
    expect(await disableTwoFactor(d, { ...input, code: codes[0]!, now: blockedAt })).toMatchObject({
      reason: "limited",
    });
    const after = new Date(retryAt.getTime() + 1000);
    expect(await completeTwoFactorSignIn(d, { ...input, code: codeAt(key, after), now: after })).toMatchObject({
      ok: true,
    });
  });

  test("the password's lock and the code's lock are counted apart", async () => {
    const now = new Date("2026-04-03T09:00:00Z");
    const { d, user, sessionId } = await enrolled(now);
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++)
      await completeTwoFactorSignIn(d, { userId: user.id, sessionId, code: "xxxxx-xxxxx", ip: "10.1.0.1", now });
    expect(await signIn(d, { identifier: user.email!, password: TEST_PASSWORD, ip: "10.1.0.2", now })).toMatchObject({
      ok: true,
    });
  });
});

describe("turning it off and new recovery codes", () => {
  test("turning it off needs a current code; afterwards sessions have no second factor", async () => {
    const now = new Date("2026-04-04T08:00:00Z");
    const { d, user, key, token } = await enrolled(now);
    const at = new Date(now.getTime() + 2 * STEP_MS);
    expect(await disableTwoFactor(d, { userId: user.id, code: wrongCodeAt(key, at), ip: IP, now: at })).toMatchObject({
      ok: false,
    });
    expect(await disableTwoFactor(d, { userId: user.id, code: codeAt(key, at), ip: IP, now: at })).toEqual({
      ok: true,
    });
    expect(await twoFactorStatus(d, user.id)).toEqual({
      enabled: false,
      enabledAt: null,
      enrolling: false,
      recoveryCodesLeft: 0,
    });
    expect((await validateSessionToken(d, token, at))?.twoFactor).toBe("off");
    const signedIn = await signIn(d, { identifier: user.email!, password: TEST_PASSWORD, ip: IP, now: at });
    expect(signedIn).toMatchObject({ ok: true, twoFactorPending: false });
    const audit = await d
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, "auth.two_factor_disable")));
    expect(audit).toHaveLength(1);
  });

  test("new recovery codes replace the old ones, which stop working", async () => {
    const now = new Date("2026-04-04T09:00:00Z");
    const { d, user, key, sessionId, recoveryCodes: old } = await enrolled(now);
    const at = new Date(now.getTime() + 2 * STEP_MS);
    const made = await regenerateRecoveryCodes(d, { userId: user.id, code: codeAt(key, at), ip: IP, now: at });
    expect(made.ok).toBe(true);
    const fresh = made.ok ? made.recoveryCodes : [];
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => old.includes(c))).toBe(false);
    const input = { userId: user.id, sessionId, ip: IP, now: at };
    expect(await completeTwoFactorSignIn(d, { ...input, code: old[0]! })).toEqual({ ok: false, reason: "invalid" });
    expect(await completeTwoFactorSignIn(d, { ...input, code: fresh[0]! })).toMatchObject({ ok: true });
  });
});

describe("changing the password", () => {
  test("the device that changes it keeps the second factor it gave; a session that never gave one does not get it", async () => {
    const now = new Date("2026-04-05T08:00:00Z");
    const { d, user } = await enrolled(now);
    const kept = await changePassword(d, {
      userId: user.id,
      currentPassword: TEST_PASSWORD,
      newPassword: "a new password 1",
      twoFactorPassed: true,
    });
    expect(kept.ok && (await validateSessionToken(d, kept.token))?.twoFactor).toBe("passed");
    const notGiven = await changePassword(d, {
      userId: user.id,
      currentPassword: "a new password 1",
      newPassword: "a new password 2",
    });
    expect(notGiven.ok && (await validateSessionToken(d, notGiven.token))?.twoFactor).toBe("pending");
  });
});
