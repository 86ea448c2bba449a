import { beforeAll, describe, expect, test } from "vitest";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import {
  addCohortMembers,
  closeCohort,
  cohortDetail,
  cohortsOfTrainee,
  createCohort,
  listCohorts,
  removeCohortMember,
} from "./service.server";

beforeAll(() => syncFixtureContent());

async function centerWithStaff() {
  const d = await db();
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  const ref = { id: center.id, regionId: region.id };
  return { d, region, center: ref, staff, actor: await actorFor(d, staff.id) };
}

const input = (over: Partial<Parameters<typeof createCohort>[3]> = {}) => ({
  name: "2026年第4期初级班",
  levelSlug: "junior",
  startsOn: "2026-09-01",
  endsOn: "2026-11-30",
  capacity: 3,
  instructorIds: [] as string[],
  ...over,
});

describe("cohorts", () => {
  test("staff create a cohort with instructors of their center; a name used twice is refused", async () => {
    const { d, center, staff, actor } = await centerWithStaff();
    const created = await createCohort(d, actor, center, input({ instructorIds: [staff.id] }));
    expect(created.ok).toBe(true);
    expect(await createCohort(d, actor, center, input())).toEqual({
      ok: false,
      field: "name",
      message: "validation.cohort.nameTaken",
    });
    const list = await listCohorts(d, actor, center);
    expect(list).toMatchObject([{ name: "2026年第4期初级班", members: 0, capacity: 3 }]);
    const detail = await cohortDetail(d, actor, center, created.ok ? created.cohortId : "");
    expect(detail.instructors.map((i) => i.id)).toEqual([staff.id]);
  });

  test("an instructor from another center, or an end before the start, is refused with the field to fix", async () => {
    const { d, region, center, actor } = await centerWithStaff();
    const elsewhere = await makeOrganization(d, region.id);
    const stranger = await makeUser(d, { role: "center_staff", organizationId: elsewhere.id });
    expect(await createCohort(d, actor, center, input({ instructorIds: [stranger.id] }))).toMatchObject({
      ok: false,
      field: "instructorIds",
    });
    expect(await createCohort(d, actor, center, input({ endsOn: "2026-08-01" }))).toMatchObject({
      ok: false,
      field: "endsOn",
    });
  });

  test("adding members is all or none, idempotent, limited to the center's trainees and to the capacity", async () => {
    const { d, region, center, actor } = await centerWithStaff();
    const created = await createCohort(d, actor, center, input({ capacity: 2 }));
    if (!created.ok) throw new Error("not created");
    const [a, b, c] = [
      await makeUser(d, { role: "trainee", organizationId: center.id }),
      await makeUser(d, { role: "trainee", organizationId: center.id }),
      await makeUser(d, { role: "trainee", organizationId: center.id }),
    ];
    const outsider = await makeUser(d, { role: "trainee", organizationId: (await makeOrganization(d, region.id)).id });
    expect(await addCohortMembers(d, actor, center, created.cohortId, [a!.id, outsider.id])).toMatchObject({
      ok: false,
      message: "validation.cohort.notTrainee",
    });
    expect(await addCohortMembers(d, actor, center, created.cohortId, [a!.id, b!.id])).toEqual({
      ok: true,
      added: 2,
      addedIds: [a!.id, b!.id],
    });
    expect(await addCohortMembers(d, actor, center, created.cohortId, [a!.id, b!.id])).toEqual({
      ok: true,
      added: 0,
      addedIds: [],
    });
    expect(await addCohortMembers(d, actor, center, created.cohortId, [c!.id])).toMatchObject({
      ok: false,
      message: "validation.cohort.full",
    });
    await removeCohortMember(d, actor, center, created.cohortId, b!.id);
    expect((await cohortDetail(d, actor, center, created.cohortId)).members.map((m) => m.id)).toEqual([a!.id]);
    await closeCohort(d, actor, center, created.cohortId);
    expect(await addCohortMembers(d, actor, center, created.cohortId, [c!.id])).toMatchObject({
      ok: false,
      message: "validation.cohort.closed",
    });
    expect((await cohortsOfTrainee(d, a!.id)).map((x) => x.name)).toEqual(["2026年第4期初级班"]);
  });

  test("another center's staff can neither see nor change the cohort", async () => {
    const { d, region, center, actor } = await centerWithStaff();
    const created = await createCohort(d, actor, center, input());
    if (!created.ok) throw new Error("not created");
    const other = await makeOrganization(d, region.id);
    const otherStaff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    await expect(cohortDetail(d, otherStaff, center, created.cohortId)).rejects.toMatchObject({ status: 403 });
    await expect(addCohortMembers(d, otherStaff, center, created.cohortId, [])).rejects.toMatchObject({ status: 403 });
    // Asking through their own center for this cohort finds nothing.
    await expect(
      cohortDetail(d, otherStaff, { id: other.id, regionId: region.id }, created.cohortId),
    ).rejects.toMatchObject({ status: 404 });
  });
});
