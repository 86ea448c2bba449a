import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { emailOutbox, memberships, users } from "#db/schema";
import { makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { requestPasswordReset, resetPassword, signIn } from "./accounts.server";
import { createSession, validateSessionToken } from "./session.server";

describe("sign-up", () => {
  test("a wrong password or unknown account signs nobody in", async () => {
    const d = await db();
    const user = await makeUser(d);
    expect(await signIn(d, { identifier: user.email!, password: "nope nope", ip: "10.5.0.1" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signIn(d, { identifier: "ghost@example.cn", password: "nope nope", ip: "10.5.0.2" })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});

describe("password reset", () => {
  test("the e-mailed link sets a new password once and ends every old session", async () => {
    const d = await db();
    const user = await makeUser(d);
    const old = await createSession(d, user.id);
    await requestPasswordReset(d, { identifier: user.email!, appUrl: "https://academy.example.cn", ip: "192.0.2.1" });
    const [mail] = await d.select().from(emailOutbox).where(eq(emailOutbox.to, user.email!));
    expect(mail?.subject).toBe("【技术经理人学院】重设密码");
    const token = mail!.text.match(/reset-password\/([a-z0-9]+)/)?.[1];
    expect(token).toBeTruthy();

    expect(await resetPassword(d, { token: token!, newPassword: "new password 1" })).toMatchObject({ ok: true });
    expect(await validateSessionToken(d, old.token)).toBeNull();
    expect((await signIn(d, { identifier: user.email!, password: "new password 1", ip: "10.6.0.1" })).ok).toBe(true);
    // A second use of the same link does nothing.
    expect(await resetPassword(d, { token: token!, newPassword: "another password" })).toEqual({ ok: false });
    expect((await signIn(d, { identifier: user.email!, password: "another password", ip: "10.6.0.1" })).ok).toBe(false);
  });

  test("an unknown account gets no mail, and says nothing about it", async () => {
    const d = await db();
    const before = (await d.select().from(emailOutbox)).length;
    await expect(
      requestPasswordReset(d, { identifier: "nobody@example.cn", appUrl: "http://x", ip: "192.0.2.1" }),
    ).resolves.toBeUndefined();
    expect((await d.select().from(emailOutbox)).length).toBe(before);
  });

  test("a mail goes out in the account's language", async () => {
    const d = await db();
    const user = await makeUser(d);
    await d.update(users).set({ locale: "en" }).where(eq(users.id, user.id));
    await requestPasswordReset(d, { identifier: user.email!, appUrl: "http://x", ip: "192.0.2.1" });
    const [mail] = await d.select().from(emailOutbox).where(eq(emailOutbox.to, user.email!));
    expect(mail?.subject).toBe("[TM Academy] Reset your password");
    expect(await d.select().from(memberships).where(eq(memberships.userId, user.id))).toEqual([]);
  });
});
