import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { memberships, users } from "#db/schema";
import { makeOrganization, makeRegion } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { validateSession } from "./session.server";
import { signUpTrainee } from "./signup.server";

describe("sign-up", () => {
  test("a trainee signs up with a mobile number and is signed in as a trainee", async () => {
    const d = await db();
    const outcome = await signUpTrainee(d, {
      identifier: "186 0000 1111",
      name: "李明",
      password: "password123",
      locale: "zh-CN",
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.user.phone).toBe("18600001111");
    const session = await validateSession(d, outcome.token);
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

  test("a trainee who names a training center becomes its trainee; an unknown center is a field error", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const employer = await makeOrganization(d, region.id, "employer");
    const outcome = await signUpTrainee(d, {
      identifier: "13600002222",
      name: "王芳",
      password: "password123",
      locale: "zh-CN",
      centerId: center.id,
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(
      await d
        .select({ role: memberships.role, organizationId: memberships.organizationId })
        .from(memberships)
        .where(eq(memberships.userId, outcome.user.id)),
    ).toEqual([{ role: "trainee", organizationId: center.id }]);
    const before = (await d.select().from(users)).length;
    expect(
      await signUpTrainee(d, {
        identifier: "13600003333",
        name: "赵",
        password: "password123",
        locale: "zh-CN",
        centerId: employer.id,
      }),
    ).toEqual({
      ok: false,
      field: "centerId",
      message: "validation.center.unknown",
    });
    expect(
      await signUpTrainee(d, {
        identifier: "nonsense",
        name: "赵",
        password: "password123",
        locale: "zh-CN",
        centerId: employer.id,
      }),
    ).toEqual({
      ok: false,
      field: "identifier",
      message: "validation.identifier.invalid",
    });
    expect((await d.select().from(users)).length).toBe(before);
  });
});
