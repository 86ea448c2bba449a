import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { auditLog, memberships, traineeTransfers } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { heldLevelsOf, heldLevelsOfMany } from "~/modules/certificates/index.server";
import { addCohortMembers, createCohort } from "~/modules/cohorts/index.server";
import { centerTrainees, recordPriorQualification, traineeDetailForStaff } from "~/modules/learning/index.server";
import { db } from "~/utils/db.server";
import { centerRelationToTrainee, transferHistory, transferTargets, transferTrainee } from "./transfers.server";

beforeAll(() => syncFixtureContent());

type Db = Awaited<ReturnType<typeof db>>;
type Actor = Parameters<typeof centerTrainees>[1];
type CenterRef = { id: string; regionId: string | null };
// The staff pages' calls, with what the route passes down (how the center stands to the trainee, held levels).
const staffTrainees = (d: Db, actor: Actor, center: CenterRef) =>
  centerTrainees(d, actor, center, (ids) => heldLevelsOfMany(d, ids));
const staffDetail = async (d: Db, actor: Actor, center: CenterRef, traineeId: string) =>
  traineeDetailForStaff(d, actor, center, traineeId, {
    relatedToCenter: (await centerRelationToTrainee(d, center.id, traineeId)) !== null,
    heldLevels: await heldLevelsOf(d, traineeId),
  });

/** Two regions; the first with centers A and B, the second with C. A trainee of A sits in one of A's cohorts. */
async function world() {
  const d = await db();
  const [north, south] = [await makeRegion(d), await makeRegion(d)];
  const [a, b, c] = [
    await makeOrganization(d, north.id),
    await makeOrganization(d, north.id),
    await makeOrganization(d, south.id),
  ];
  const staffA = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: a.id })).id);
  const staffB = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: b.id })).id);
  const regionAdmin = await actorFor(d, (await makeUser(d, { role: "region_admin", regionId: north.id })).id);
  const platformAdmin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
  const trainee = await makeUser(d, { role: "trainee", organizationId: a.id });
  const refA = { id: a.id, regionId: north.id };
  const cohort = await createCohort(d, staffA, refA, {
    name: "一期",
    levelSlug: "junior",
    startsOn: "2026-03-01",
    endsOn: "2026-06-30",
    capacity: 10,
    instructorIds: [],
  });
  if (!cohort.ok) throw new Error("cohort");
  expect(await addCohortMembers(d, staffA, refA, cohort.cohortId, [trainee.id])).toEqual({
    ok: true,
    added: 1,
    addedIds: [trainee.id],
  });
  return {
    d,
    north,
    south,
    a,
    b,
    c,
    refA,
    refB: { id: b.id, regionId: north.id },
    staffA,
    staffB,
    regionAdmin,
    platformAdmin,
    trainee,
  };
}

describe("moving a trainee to another training center", () => {
  test("the platform admin moves a trainee across regions: the history is kept and audited, the new center sees them", async () => {
    const { d, a, c, platformAdmin, trainee } = await world();
    const moved = await transferTrainee(d, platformAdmin, {
      traineeId: trainee.id,
      fromCenterId: a.id,
      toCenterId: c.id,
      reason: "工作调动",
    });
    expect(moved).toEqual({ ok: true });
    expect(
      await d
        .select({ centerId: memberships.organizationId })
        .from(memberships)
        .where(eq(memberships.userId, trainee.id)),
    ).toEqual([{ centerId: c.id }]);
    expect(await transferHistory(d, trainee.id)).toMatchObject([
      { fromNameZh: a.nameZh, toNameZh: c.nameZh, reason: "工作调动", by: expect.any(String) },
    ]);
    const [entry] = await d
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "trainee.transfer"), eq(auditLog.targetId, trainee.id)));
    expect(entry).toMatchObject({
      actorId: platformAdmin.id,
      before: { centerId: a.id },
      after: { centerId: c.id, reason: "工作调动" },
    });
    // Sending the same request again finds nothing left to move, and writes nothing.
    await expect(
      transferTrainee(d, platformAdmin, {
        traineeId: trainee.id,
        fromCenterId: a.id,
        toCenterId: c.id,
        reason: "工作调动",
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await d.select().from(traineeTransfers).where(eq(traineeTransfers.userId, trainee.id))).toHaveLength(1);
  });

  test("the old center keeps reading its records but may no longer change them; the new one takes over", async () => {
    const { d, a, b, refA, refB, staffA, staffB, regionAdmin, trainee } = await world();
    expect(await centerRelationToTrainee(d, a.id, trainee.id)).toBe("current");
    expect(await centerRelationToTrainee(d, b.id, trainee.id)).toBe(null);
    await expect(staffDetail(d, staffB, refB, trainee.id)).rejects.toMatchObject({ status: 404 });

    expect(
      await transferTrainee(d, regionAdmin, {
        traineeId: trainee.id,
        fromCenterId: a.id,
        toCenterId: b.id,
        reason: "搬家",
      }),
    ).toEqual({ ok: true });
    expect(await centerRelationToTrainee(d, a.id, trainee.id)).toBe("former");
    expect(await centerRelationToTrainee(d, b.id, trainee.id)).toBe("current");
    expect((await staffTrainees(d, staffB, refB)).trainees.map((t) => t.id)).toEqual([trainee.id]);
    expect((await staffTrainees(d, staffA, refA)).trainees.map((t) => t.id)).toEqual([]);
    // The old center's staff still open the page, the new center's staff too.
    expect((await staffDetail(d, staffA, refA, trainee.id)).trainee.id).toBe(trainee.id);
    expect((await staffDetail(d, staffB, refB, trainee.id)).trainee.id).toBe(trainee.id);
    // Changes go through the current center only.
    await expect(
      recordPriorQualification(d, staffA, {
        centerId: a.id,
        traineeId: trainee.id,
        levelSlug: "junior",
        note: "旧基地",
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect(
      await recordPriorQualification(d, staffB, {
        centerId: b.id,
        traineeId: trainee.id,
        levelSlug: "junior",
        note: "新基地",
      }),
    ).toEqual({ ok: true });
  });

  test("a region admin moves trainees only between centers of their region; center staff move nobody", async () => {
    const { d, a, b, c, refA, staffA, regionAdmin, trainee } = await world();
    await expect(
      transferTrainee(d, regionAdmin, { traineeId: trainee.id, fromCenterId: a.id, toCenterId: c.id, reason: "跨区" }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      transferTrainee(d, staffA, { traineeId: trainee.id, fromCenterId: a.id, toCenterId: b.id, reason: "本基地" }),
    ).rejects.toMatchObject({ status: 403 });
    const southAdmin = await actorFor(d, (await makeUser(d, { role: "region_admin", regionId: c.regionId! })).id);
    await expect(
      transferTrainee(d, southAdmin, { traineeId: trainee.id, fromCenterId: a.id, toCenterId: c.id, reason: "抢人" }),
    ).rejects.toMatchObject({ status: 403 });
    expect(
      await d
        .select({ centerId: memberships.organizationId })
        .from(memberships)
        .where(eq(memberships.userId, trainee.id)),
    ).toEqual([{ centerId: a.id }]);

    expect((await transferTargets(d, regionAdmin, refA)).map((t) => t.id)).toEqual([b.id]);
    expect(await transferTargets(d, staffA, refA)).toEqual([]);
  });

  test("the target must be another training center and the reason is required", async () => {
    const { d, a, b, platformAdmin, trainee } = await world();
    expect(
      await transferTrainee(d, platformAdmin, {
        traineeId: trainee.id,
        fromCenterId: a.id,
        toCenterId: a.id,
        reason: "同一基地",
      }),
    ).toMatchObject({ ok: false, field: "toCenterId" });
    expect(
      await transferTrainee(d, platformAdmin, {
        traineeId: trainee.id,
        fromCenterId: a.id,
        toCenterId: b.id,
        reason: "   ",
      }),
    ).toMatchObject({ ok: false, field: "reason" });
    const employer = await makeOrganization(d, a.regionId, "employer");
    expect(
      await transferTrainee(d, platformAdmin, {
        traineeId: trainee.id,
        fromCenterId: a.id,
        toCenterId: employer.id,
        reason: "去企业",
      }),
    ).toMatchObject({ ok: false, field: "toCenterId" });
    expect(await transferHistory(d, trainee.id)).toEqual([]);
  });
});
