import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { certificates, cohortMembers, cohorts, examAttempts } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { expectLevelsAgree } from "../../../tests/setup/metrics-agreement";
import { issueCertificate } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";
import { regionDashboard } from "./dashboards.server";
import { passRateOf } from "./metrics";

beforeAll(() => syncFixtureContent());

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/**
 * A region of three centers where the records cross: people in cohorts of two centers, certificates issued by
 * a center other than the one they sat at, retakes, a revoked certificate, open and closed cohorts.
 */
async function generatedRegion(seed: number) {
  const d = await db();
  const next = random(seed);
  const region = await makeRegion(d);
  const centers = [
    await makeOrganization(d, region.id),
    await makeOrganization(d, region.id),
    await makeOrganization(d, region.id),
  ];
  const cohortRows = [];
  for (const [i, center] of centers.entries())
    for (const [j, closed] of [true, true, false].entries()) {
      const [row] = await d
        .insert(cohorts)
        .values({
          centerId: center.id,
          levelSlug: "junior",
          name: `${2023 + j}年第${i + 1}期初级班`,
          startsOn: `${2023 + j}-03-01`,
          endsOn: `${2023 + j}-06-30`,
          capacity: 40,
          closedAt: closed ? new Date(`${2023 + j}-07-05T02:00:00Z`) : null,
        })
        .returning();
      cohortRows.push(row!);
    }
  for (let p = 0; p < 24; p++) {
    const home = centers[Math.floor(next() * centers.length)]!;
    const person = await makeUser(d, { role: "trainee", organizationId: home.id });
    const first = cohortRows[Math.floor(next() * cohortRows.length)]!;
    await d.insert(cohortMembers).values({ cohortId: first.id, userId: person.id });
    if (next() < 0.3) {
      const second = cohortRows[Math.floor(next() * cohortRows.length)]!;
      if (second.id !== first.id) await d.insert(cohortMembers).values({ cohortId: second.id, userId: person.id });
    }
    const tries = Math.floor(next() * 3);
    let passed = false;
    for (let t = 0; t < tries; t++) {
      const ok = next() < 0.6;
      passed ||= ok;
      const at = new Date(Date.UTC(2024, 5, 1 + t * 20, 2));
      await d.insert(examAttempts).values({
        userId: person.id,
        levelSlug: "junior",
        status: "submitted",
        startedAt: at,
        deadlineAt: new Date(at.getTime() + 3600_000),
        closedAt: at,
        items: [],
        maxTenths: 1000,
        scoreTenths: ok ? 800 : 400,
        passed: ok,
        gradedAt: at,
      });
    }
    if (passed) {
      const issuer = next() < 0.2 ? centers[Math.floor(next() * centers.length)]! : home;
      const cert = await issueCertificate(d, {
        userId: person.id,
        levelSlug: "junior",
        centerId: issuer.id,
        issuedAt: new Date("2024-08-01T02:00:00Z"),
        issuedBy: null,
      });
      if (next() < 0.1)
        await d
          .update(certificates)
          .set({ revokedAt: new Date(), revokedReason: "测试" })
          .where(eq(certificates.id, cert.certificateId));
    }
  }
  return { d, region };
}

describe("one definition per metric", () => {
  test.each([7, 2026])("center, region and platform agree on a generated data set (seed %i)", async (seed) => {
    const { d, region } = await generatedRegion(seed);
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
    const tiles = await expectLevelsAgree(d, admin, region.id);
    expect(tiles.sat).toBeGreaterThan(0);
    // The pass rate in a row is computed from that row's sat and passed, the same way as the tile's.
    const { centers, totals } = await regionDashboard(d, admin, region.id, {});
    for (const c of centers) expect(passRateOf(c.passed, c.sat)).toBe(passRateOf(c.record.passed, c.record.sat));
    expect(passRateOf(totals.total.passed, totals.total.sat)).toBe(passRateOf(tiles.passed, tiles.sat));
  });
});
