import { eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { sessions } from "#db/schema";
import { actorFor, makeUser, TEST_PASSWORD } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { changePassword } from "./accounts.server";
import {
  createSession,
  invalidateSession,
  SESSION_ACTIVITY_CHECK_MS,
  SESSION_INACTIVITY_MS,
  sessionValidatorWith,
  validateSessionToken,
} from "./session.server";

const HOUR = 60 * 60 * 1000;

describe("sessions", () => {
  test("a new session validates, and the database holds only the secret's hash", async () => {
    const d = await db();
    const user = await makeUser(d, { role: "trainee" });
    const { token } = await createSession(d, user.id);
    const [id, secret] = token.split(".");
    const [row] = await d.select().from(sessions).where(eq(sessions.id, id!));
    expect(row).toBeDefined();
    expect(Buffer.from(row!.secretHash).toString()).not.toContain(secret!);
    expect(row!.secretHash).toHaveLength(32);

    const valid = await validateSessionToken(d, token);
    expect(valid?.user.id).toBe(user.id);
    expect(valid?.user).toEqual({ id: user.id, name: user.name, email: user.email, phone: null, locale: "zh-CN" });
  });

  test("a token with the wrong secret, or malformed, does not validate", async () => {
    const d = await db();
    const user = await makeUser(d);
    const { token } = await createSession(d, user.id);
    const [id] = token.split(".");
    expect(await validateSessionToken(d, `${id}.wrongsecretwrongsecretab`)).toBeNull();
    expect(await validateSessionToken(d, `${id}`)).toBeNull();
    expect(await validateSessionToken(d, `${token}.extra`)).toBeNull();
  });

  test("a session expires after the inactivity period and is deleted", async () => {
    const d = await db();
    const user = await makeUser(d);
    const start = new Date("2026-01-01T00:00:00Z");
    const { token } = await createSession(d, user.id, start);
    const later = new Date(start.getTime() + SESSION_INACTIVITY_MS + 1000);
    expect(await validateSessionToken(d, token, later)).toBeNull();
    const [id] = token.split(".");
    expect(await d.select().from(sessions).where(eq(sessions.id, id!))).toHaveLength(0);
  });

  test("use slides the expiry forward, written at most hourly", async () => {
    const d = await db();
    const user = await makeUser(d);
    const start = new Date("2026-01-01T00:00:00Z");
    const { token } = await createSession(d, user.id, start);

    // Within the activity interval nothing is written.
    const soon = await validateSessionToken(d, token, new Date(start.getTime() + SESSION_ACTIVITY_CHECK_MS / 2));
    expect(soon?.refreshed).toBe(false);

    // After it, the expiry moves.
    const used = new Date(start.getTime() + 20 * 24 * HOUR);
    const refreshed = await validateSessionToken(d, token, used);
    expect(refreshed?.refreshed).toBe(true);
    expect(refreshed?.expiresAt.getTime()).toBe(used.getTime() + SESSION_INACTIVITY_MS);

    // 40 days after creation (past the original expiry), still valid because it was used on day 20.
    const day40 = new Date(start.getTime() + 40 * 24 * HOUR);
    expect(await validateSessionToken(d, token, day40)).not.toBeNull();
  });

  test("signing out ends only that session", async () => {
    const d = await db();
    const user = await makeUser(d);
    const a = await createSession(d, user.id);
    const b = await createSession(d, user.id);
    await invalidateSession(d, a.token.split(".")[0]!);
    expect(await validateSessionToken(d, a.token)).toBeNull();
    expect(await validateSessionToken(d, b.token)).not.toBeNull();
  });

  test("changing the password ends every session of the user, and keeps the new one", async () => {
    const d = await db();
    const user = await makeUser(d);
    const other = await makeUser(d);
    const phone = await createSession(d, user.id);
    const laptop = await createSession(d, user.id);
    const someoneElse = await createSession(d, other.id);
    const outcome = await changePassword(d, {
      userId: user.id,
      currentPassword: TEST_PASSWORD,
      newPassword: "a brand new password",
    });
    expect(outcome.ok).toBe(true);
    expect(await validateSessionToken(d, phone.token)).toBeNull();
    expect(await validateSessionToken(d, laptop.token)).toBeNull();
    expect(await validateSessionToken(d, someoneElse.token)).not.toBeNull();
    if (outcome.ok) expect(await validateSessionToken(d, outcome.token)).not.toBeNull();
  });

  test("changing the password needs the current one", async () => {
    const d = await db();
    const user = await makeUser(d);
    const session = await createSession(d, user.id);
    const outcome = await changePassword(d, {
      userId: user.id,
      currentPassword: "nope nope",
      newPassword: "whatever123",
    });
    expect(outcome).toMatchObject({ ok: false, field: "currentPassword" });
    expect(await validateSessionToken(d, session.token)).not.toBeNull();
    // Roles come along with the user.
    expect((await actorFor(d, user.id)).id).toBe(user.id);
  });

  test("another area's value rides along in the same lookup, computed from the session's user", async () => {
    const d = await db();
    const user = await makeUser(d);
    const withUserId = sessionValidatorWith({
      name: "session_lookup_test_user_id",
      select: (userId) => sql`${userId}::text`.mapWith(String),
    });
    const { token } = await createSession(d, user.id);
    const [id] = token.split(".");
    const valid = await withUserId(d, token);
    expect(valid?.extra).toBe(user.id);
    expect(valid?.user.id).toBe(user.id);
    expect(await withUserId(d, `${id}.wrongsecretwrongsecretab`)).toBeNull();
    // The plain lookup returns the session alone.
    expect(await validateSessionToken(d, token)).not.toHaveProperty("extra");
  });
});
