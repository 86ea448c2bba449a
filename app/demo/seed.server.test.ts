import { and, eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { signIn } from "~/modules/auth/index.server";
import { db } from "~/utils/db.server";
import { memberships, organizations, regions, users } from "#db/schema";
import { demoAccounts, DEMO_PASSWORD, isDatabaseEmpty, seedDemo } from "./seed.server";

async function counts() {
  const d = await db();
  const count = async (table: typeof users | typeof regions | typeof organizations | typeof memberships) =>
    (await d.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return {
    users: await count(users),
    regions: await count(regions),
    organizations: await count(organizations),
    memberships: await count(memberships),
  };
}

describe("demo seed", () => {
  test("loads the five partner regions, a center in each (two in Shanxi), an employer and an account per role — and running it again changes nothing", async () => {
    const d = await db();
    expect(await isDatabaseEmpty(d)).toBe(true);
    await seedDemo(d);
    const first = await counts();
    // Nine accounts, the certification body's content editor and reviewer (docs/authoring.md), and two
    // candidates for the proctored session (docs/exam-integrity.md).
    expect(first).toEqual({ users: 13, regions: 5, organizations: 8, memberships: 13 });
    await seedDemo(d);
    expect(await counts()).toEqual(first);
    expect(await isDatabaseEmpty(d)).toBe(false);

    const [taiyuan] = await d.select().from(organizations).where(eq(organizations.nameZh, "太原技术转移促进中心"));
    expect(taiyuan?.kind).toBe("training_center");
    // Shanxi has two training centers, so its region admin can move a trainee between them.
    const shanxi = await d
      .select({ nameZh: organizations.nameZh })
      .from(organizations)
      .where(and(eq(organizations.regionId, taiyuan!.regionId!), eq(organizations.kind, "training_center")));
    expect(shanxi.map((c) => c.nameZh).sort()).toEqual(["太原技术转移促进中心", "晋中技术转移人才培训基地"].sort());
    const roles = new Set(demoAccounts.map((a) => a.role));
    expect(roles).toEqual(
      new Set([
        "platform_admin",
        "region_admin",
        "center_staff",
        "employer",
        "trainee",
        "content_editor",
        "content_reviewer",
      ]),
    );
  });

  test("every demo account signs in with the printed password", async () => {
    const d = await db();
    await seedDemo(d);
    for (const account of demoAccounts) {
      const outcome = await signIn(d, { identifier: account.email, password: DEMO_PASSWORD, ip: "10.8.0.1" });
      expect(outcome.ok, account.email).toBe(true);
    }
  });
});

describe("demo seed with the real curriculum", () => {
  test("the demo's ready trainee can start the junior exam: 50 questions drawn from the real bank", async () => {
    const { loadContent } = await import("~/modules/content/index.server");
    const { syncContent } = await import("~/modules/content/index.server");
    const { examEligibility, startAttempt, attemptForCandidate, attemptReview, submitAttempt } =
      await import("~/modules/exams/index.server");
    const d = await db();
    const { content } = await loadContent();
    await syncContent(d, content!);
    await seedDemo(d);
    const [ready] = await d.select().from(users).where(eq(users.email, "ready@demo.tm-academy.cn"));
    expect((await examEligibility(d, ready!.id, "junior", new Set())).reasons).toEqual([]);
    const started = await startAttempt(d, ready!.id, "junior", { held: new Set() });
    if (!started.ok) throw new Error("not started");
    const attempt = await attemptForCandidate(d, ready!.id, started.attemptId);
    expect(attempt.items).toHaveLength(50);
    expect(new Set(attempt.items.map((i) => i.content.type))).toEqual(
      new Set(["single", "multiple", "true_false", "fill_in", "essay", "case"]),
    );

    // The junior exam reviews answers after the attempt closes: nothing before, everything after.
    expect(await attemptReview(d, ready!.id, started.attemptId)).toBeNull();
    await submitAttempt(d, ready!.id, started.attemptId);
    // The demo session is open for 90 days; answers show once it has closed.
    expect(await attemptReview(d, ready!.id, started.attemptId)).toBeNull();
    const review = await attemptReview(d, ready!.id, started.attemptId, new Date(Date.now() + 91 * 86_400_000));
    expect(review).toHaveLength(50);
    const first = review![0]!.parts[0]!;
    expect(first.part.type).toBe("single");
    // The right answer is given in the order the candidate saw the options.
    const shown = attempt.items[0]!.content;
    expect(first.part).toEqual(shown);
    expect(typeof first.correct).toBe("number");
    expect(first.explanation.length).toBeGreaterThan(0);
  });

  test("the demo holder has a signed, valid junior certificate from the seed", async () => {
    const { certificates } = await import("#db/schema");
    const { certificateStatus } = await import("~/modules/certificates");
    const d = await db();
    const [holder] = await d.select().from(users).where(eq(users.email, "holder@demo.tm-academy.cn"));
    const rows = await d.select().from(certificates).where(eq(certificates.userId, holder!.id));
    expect(rows).toHaveLength(1);
    expect(certificateStatus(rows[0]!, new Date())).toBe("valid");
    expect(rows[0]!.record).toMatchObject({ holderName: "王芳", levelSlug: "junior", regionCode: "SX" });
    expect(rows[0]!.serial).toMatch(/^TMA-\d{4}-SX-J-\d{5}$/);
  });
});
