import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { emailOutbox, memberships, users } from "#db/schema";
import { makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { requestPasswordReset, resetPassword, signIn, signUpTrainee } from "./accounts.server";
import { createSession, validateSessionToken } from "./session.server";

describe("sign-up", () => {
  test("a trainee signs up with a mobile number and is signed in as a trainee", async () => {
    const d = await db();
    const outcome = await signUpTrainee(d, { identifier: "186 0000 1111", name: "李明", password: "password123", locale: "zh-CN" });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.user.phone).toBe("18600001111");
    const session = await validateSessionToken(d, outcome.token);
    expect(session?.user.memberships.map((m) => m.role)).toEqual(["trainee"]);
  });

  test("a duplicate e-mail or mobile number is a field error and writes nothing", async () => {
    const d = await db();
    await signUpTrainee(d, { identifier: "Dup@Example.cn", name: "甲", password: "password123", locale: "zh-CN" });
    const before = (await d.select().from(users)).length;
    expect(
      await signUpTrainee(d, { identifier: "dup@example.cn", name: "乙", password: "password123", locale: "en" }),
    ).toEqual({ ok: false, field: "identifier", message: "validation.email.taken" });
    await signUpTrainee(d, { identifier: "13700001111", name: "丙", password: "password123", locale: "zh-CN" });
    expect(
      await signUpTrainee(d, { identifier: "+86 137 0000 1111", name: "丁", password: "password123", locale: "zh-CN" }),
    ).toEqual({ ok: false, field: "identifier", message: "validation.phone.taken" });
    expect((await d.select().from(users)).length).toBe(before + 1);
  });

  test("a wrong password or unknown account signs nobody in", async () => {
    const d = await db();
    const user = await makeUser(d);
    expect(await signIn(d, { identifier: user.email!, password: "nope nope", ip: "10.5.0.1" })).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(d, { identifier: "ghost@example.cn", password: "nope nope", ip: "10.5.0.2" })).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("password reset", () => {
  test("the e-mailed link sets a new password once and ends every old session", async () => {
    const d = await db();
    const user = await makeUser(d);
    const old = await createSession(d, user.id);
    await requestPasswordReset(d, { identifier: user.email!, appUrl: "https://academy.example.cn" });
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
    await expect(requestPasswordReset(d, { identifier: "nobody@example.cn", appUrl: "http://x" })).resolves.toBeUndefined();
    expect((await d.select().from(emailOutbox)).length).toBe(before);
  });

  test("a mail goes out in the account's language", async () => {
    const d = await db();
    const user = await makeUser(d);
    await d.update(users).set({ locale: "en" }).where(eq(users.id, user.id));
    await requestPasswordReset(d, { identifier: user.email!, appUrl: "http://x" });
    const [mail] = await d.select().from(emailOutbox).where(eq(emailOutbox.to, user.email!));
    expect(mail?.subject).toBe("[TM Academy] Reset your password");
    expect(await d.select().from(memberships).where(eq(memberships.userId, user.id))).toEqual([]);
  });
});
