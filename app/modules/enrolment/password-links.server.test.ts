import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, memberships, passwordTokens, users } from "#db/schema";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import {
  createPasswordToken,
  createSession,
  findPasswordToken,
  hashSecret,
  resetPassword,
  signIn,
  validateSessionToken,
} from "~/modules/auth/index.server";
import { db } from "~/utils/db.server";
import { createPasswordLink, passwordLinkSubject, traineesWithoutPassword } from "./password-links.server";
import { transferTrainee } from "./transfers.server";

const APP = "https://academy.example.cn";
const DAY_MS = 86_400_000;

let seq = 0;
const newMobile = () => `137${String(Date.now() % 1e6).padStart(6, "0")}${String(seq++ % 100).padStart(2, "0")}`;

/** A region with centers A and B; an account imported into A with only a mobile number (no password). */
async function world() {
  const d = await db();
  const region = await makeRegion(d);
  const [a, b] = [await makeOrganization(d, region.id), await makeOrganization(d, region.id)];
  const staffA = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: a.id })).id);
  const staffB = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: b.id })).id);
  const regionAdmin = await actorFor(d, (await makeUser(d, { role: "region_admin", regionId: region.id })).id);
  const mobile = newMobile();
  const [imported] = await d.insert(users).values({ name: "孙立新", phone: mobile }).returning();
  await d.insert(memberships).values({ userId: imported!.id, role: "trainee", organizationId: a.id });
  return {
    d,
    a,
    b,
    refA: { id: a.id, regionId: region.id },
    refB: { id: b.id, regionId: region.id },
    staffA,
    staffB,
    regionAdmin,
    trainee: imported!,
    mobile,
  };
}

const tokensOf = (userId: string) =>
  db().then((d) => d.select().from(passwordTokens).where(eq(passwordTokens.userId, userId)));

describe("set-password links made by a center's staff", () => {
  test("a mobile-only trainee gets a one-time link, stored hashed, audited; it sets the password and they sign in with their mobile", async () => {
    const { d, a, refA, staffA, trainee, mobile } = await world();
    expect(await passwordLinkSubject(d, staffA, refA, trainee.id)).toMatchObject({
      hasPassword: false,
      refusal: null,
      openLinkUntil: null,
      phone: mobile,
    });

    const now = new Date();
    const made = await createPasswordLink(d, staffA, refA, trainee.id, { appUrl: APP, now });
    if (!made.ok) throw new Error("no link");
    expect(made.purpose).toBe("set");
    expect(made.url).toBe(`${APP}/reset-password/${made.token}`);
    expect(made.expiresAt.getTime()).toBe(now.getTime() + 7 * DAY_MS);

    // Only the SHA-256 of the token is kept.
    const [stored] = await tokensOf(trainee.id);
    expect(stored).toMatchObject({ purpose: "set", usedAt: null });
    expect(Buffer.from(stored!.tokenHash).equals(Buffer.from(hashSecret(made.token)))).toBe(true);
    expect(Buffer.from(stored!.tokenHash).toString("utf8")).not.toContain(made.token);

    const [entry] = await d
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "trainee.password_link"), eq(auditLog.targetId, trainee.id)));
    expect(entry).toMatchObject({
      actorId: staffA.id,
      targetType: "user",
      after: { centerId: a.id, purpose: "set", endedLinks: 0 },
    });
    expect(JSON.stringify(entry)).not.toContain(made.token);

    // The link works once on the reset-password page's logic; the trainee then signs in with the mobile number.
    expect(await findPasswordToken(d, made.token)).toMatchObject({ userId: trainee.id, purpose: "set" });
    expect(await resetPassword(d, { token: made.token, newPassword: "my own secret 2026" })).toEqual({
      ok: true,
      userId: trainee.id,
    });
    expect(await resetPassword(d, { token: made.token, newPassword: "someone else's" })).toEqual({ ok: false });
    const signedIn = await signIn(d, { identifier: mobile, password: "my own secret 2026", ip: "10.9.0.1" });
    expect(signedIn).toMatchObject({ ok: true, user: { id: trainee.id } });
    expect(await passwordLinkSubject(d, staffA, refA, trainee.id)).toMatchObject({ hasPassword: true, refusal: null });
  });

  test("a new link ends the older unused ones of the person, e-mailed or made here", async () => {
    const { d, refA, staffA, trainee } = await world();
    const emailed = await createPasswordToken(d, trainee.id, "set");
    const first = await createPasswordLink(d, staffA, refA, trainee.id, { appUrl: APP });
    if (!first.ok) throw new Error("no link");
    expect(await findPasswordToken(d, emailed)).toBeUndefined();
    expect((await passwordLinkSubject(d, staffA, refA, trainee.id)).openLinkUntil).toEqual(first.expiresAt);

    const second = await createPasswordLink(d, staffA, refA, trainee.id, { appUrl: APP });
    if (!second.ok) throw new Error("no link");
    expect(second.token).not.toBe(first.token);
    expect(await findPasswordToken(d, first.token)).toBeUndefined();
    expect(await resetPassword(d, { token: first.token, newPassword: "too late 12345" })).toEqual({ ok: false });
    expect(await findPasswordToken(d, second.token)).toMatchObject({ userId: trainee.id });
    // The ended links were never used: the record says so.
    expect((await tokensOf(trainee.id)).map((t) => t.usedAt)).toEqual([null, null, null]);
    const entries = await d
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "trainee.password_link"), eq(auditLog.targetId, trainee.id)));
    expect(entries.map((e) => (e.after as { endedLinks: number }).endedLinks).sort()).toEqual([1, 1]);
  });

  test("a trainee who forgot the password and has no e-mail gets a one-hour reset link that signs out their devices", async () => {
    const { d, a, refA, staffA } = await world();
    const mobile = newMobile();
    const trainee = await makeUser(d, { role: "trainee", organizationId: a.id, phone: mobile });
    const session = await createSession(d, trainee.id);
    const now = new Date();
    const made = await createPasswordLink(d, staffA, refA, trainee.id, { appUrl: APP, now });
    if (!made.ok) throw new Error("no link");
    expect(made.purpose).toBe("reset");
    expect(made.expiresAt.getTime()).toBe(now.getTime() + 3600_000);
    expect(await resetPassword(d, { token: made.token, newPassword: "remembered now 99" })).toMatchObject({ ok: true });
    expect(await validateSessionToken(d, session.token)).toBeNull();
    expect(await signIn(d, { identifier: mobile, password: "remembered now 99", ip: "10.9.0.2" })).toMatchObject({
      ok: true,
    });
  });

  test("no link for an account that has an e-mail and a password, nor for one holding another role; nothing is written", async () => {
    const { d, a, b, refA, staffA } = await world();
    const withEmail = await makeUser(d, { role: "trainee", organizationId: a.id });
    const alsoStaff = await makeUser(d, { role: "trainee", organizationId: a.id, phone: newMobile() });
    await d.insert(memberships).values({ userId: alsoStaff.id, role: "center_staff", organizationId: b.id });
    await d.update(users).set({ passwordHash: null }).where(eq(users.id, alsoStaff.id));
    expect(await createPasswordLink(d, staffA, refA, withEmail.id, { appUrl: APP })).toEqual({
      ok: false,
      refusal: "has_email",
    });
    expect(await createPasswordLink(d, staffA, refA, alsoStaff.id, { appUrl: APP })).toEqual({
      ok: false,
      refusal: "other_roles",
    });
    expect(await tokensOf(withEmail.id)).toEqual([]);
    expect(await tokensOf(alsoStaff.id)).toEqual([]);
    expect(
      await d
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.action, "trainee.password_link"), inArray(auditLog.targetId, [withEmail.id, alsoStaff.id])),
        ),
    ).toEqual([]);
  });

  test("only the trainee's current center may make one: other staff get 403, another center's trainee is not found, a former center 403", async () => {
    const { d, a, b, refA, refB, staffA, staffB, regionAdmin, trainee } = await world();
    await expect(createPasswordLink(d, staffB, refA, trainee.id, { appUrl: APP })).rejects.toMatchObject({
      status: 403,
    });
    await expect(passwordLinkSubject(d, staffB, refA, trainee.id)).rejects.toMatchObject({ status: 403 });
    // The region admin looks after centers but does not act for their trainees.
    await expect(createPasswordLink(d, regionAdmin, refA, trainee.id, { appUrl: APP })).rejects.toMatchObject({
      status: 403,
    });
    // Through their own center, B's staff do not find A's trainee.
    await expect(createPasswordLink(d, staffB, refB, trainee.id, { appUrl: APP })).rejects.toMatchObject({
      status: 404,
    });
    await expect(traineesWithoutPassword(d, staffB, refA)).rejects.toMatchObject({ status: 403 });

    // After a transfer to B, A reads its records but makes no link; B does.
    expect(
      await transferTrainee(d, regionAdmin, {
        traineeId: trainee.id,
        fromCenterId: a.id,
        toCenterId: b.id,
        reason: "工作调动",
      }),
    ).toEqual({ ok: true });
    await expect(createPasswordLink(d, staffA, refA, trainee.id, { appUrl: APP })).rejects.toMatchObject({
      status: 403,
    });
    expect(await tokensOf(trainee.id)).toEqual([]);
    expect(await createPasswordLink(d, staffB, refB, trainee.id, { appUrl: APP })).toMatchObject({
      ok: true,
      purpose: "set",
    });
  });

  test("the center's list of trainees without a password counts the mobile-only ones and shows open links", async () => {
    const { d, a, refA, staffA, trainee } = await world();
    await makeUser(d, { role: "trainee", organizationId: a.id }); // has a password: not listed
    const [invited] = await d
      .insert(users)
      .values({ name: "赵一鸣", email: `zhao-${newMobile()}@example.cn` })
      .returning();
    await d.insert(memberships).values({ userId: invited!.id, role: "trainee", organizationId: a.id });
    const made = await createPasswordLink(d, staffA, refA, trainee.id, { appUrl: APP });
    if (!made.ok) throw new Error("no link");
    const list = await traineesWithoutPassword(d, staffA, refA);
    expect(list).toMatchObject({ total: 2, mobileOnly: 1 });
    expect(list.trainees.map((r) => r.name).sort()).toEqual(["孙立新", "赵一鸣"].sort());
    expect(list.trainees.find((r) => r.id === trainee.id)?.openLinkUntil).toEqual(made.expiresAt);
    expect(list.trainees.find((r) => r.id === invited!.id)?.openLinkUntil).toBeNull();
  });
});
