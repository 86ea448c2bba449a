import { beforeAll, describe, expect, test } from "vitest";
import { examAttempts } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { itemStatistics } from "./item-stats.server";

beforeAll(() => syncFixtureContent());

describe("item statistics count consistently", () => {
  test("“已评分考试 N 次” is the total of the score distribution, also for attempts recorded without their items", async () => {
    const d = await db();
    const center = await makeOrganization(d, (await makeRegion(d)).id);
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    const at = new Date("2024-06-20T02:00:00Z");
    // Imported history: graded attempts with a score but no frozen items (as the demo's 2020–2025 record).
    for (const score of [300, 650, 820, 910, 1000]) {
      const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
      await d.insert(examAttempts).values({
        userId: trainee.id,
        levelSlug: "junior",
        status: "submitted",
        startedAt: at,
        deadlineAt: new Date(at.getTime() + 3600_000),
        closedAt: at,
        items: [],
        maxTenths: 1000,
        scoreTenths: score,
        passed: score >= 600,
        gradedAt: at,
      });
    }
    const stats = await itemStatistics(d, staff, "junior", center.id);
    expect(stats.distribution.reduce((n, b) => n + b, 0)).toBe(5);
    expect(stats.attempts).toBe(5);
    expect(stats.distribution[9]).toBe(2);
  });
});
