import { inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { users } from "#db/schema";
import { makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import {
  countCenterTrainees,
  enrolTraineesAtCenter,
  hasRoleOtherThanTrainee,
  isTraineeOfCenter,
  listCenterTrainees,
  moveTraineeRole,
  traineeCenterOf,
  traineeCentersOf,
  traineeIdsOfCenter,
  traineeRolesOf,
} from "./trainees.server";

async function twoCenters() {
  const d = await db();
  const region = await makeRegion(d);
  return { d, region, a: await makeOrganization(d, region.id), b: await makeOrganization(d, region.id) };
}

describe("trainees of a center", () => {
  test("answers who is whose trainee, and staff are not trainees", async () => {
    const { d, region, a, b } = await twoCenters();
    const trainee = await makeUser(d, { role: "trainee", organizationId: a.id });
    const staff = await makeUser(d, { role: "center_staff", organizationId: a.id });
    const unplaced = await makeUser(d, { role: "trainee" });
    expect(await isTraineeOfCenter(d, trainee.id, a.id)).toBe(true);
    expect(await isTraineeOfCenter(d, trainee.id, b.id)).toBe(false);
    expect(await isTraineeOfCenter(d, staff.id, a.id)).toBe(false);
    expect(await traineeCenterOf(d, trainee.id)).toBe(a.id);
    expect(await traineeCenterOf(d, unplaced.id)).toBeNull();
    expect(await traineeCenterOf(d, staff.id)).toBeNull();
    expect(await traineeCentersOf(d, trainee.id)).toEqual([{ centerId: a.id, regionId: region.id }]);
    expect(await traineeCentersOf(d, unplaced.id)).toEqual([]);
    expect(await traineeRolesOf(d, [trainee.id, unplaced.id, staff.id])).toEqual(
      expect.arrayContaining([
        { userId: trainee.id, centerId: a.id },
        { userId: unplaced.id, centerId: null },
      ]),
    );
    expect(await traineeRolesOf(d, [])).toEqual([]);
    expect(await hasRoleOtherThanTrainee(d, staff.id)).toBe(true);
    expect(await hasRoleOtherThanTrainee(d, trainee.id)).toBe(false);
  });

  test("the ids subquery keeps one query; the list is newest first with a total", async () => {
    const { d, a } = await twoCenters();
    const first = await makeUser(d, { role: "trainee", organizationId: a.id });
    const second = await makeUser(d, { role: "trainee", organizationId: a.id });
    await makeUser(d, { role: "center_staff", organizationId: a.id });
    const rows = await d
      .select({ id: users.id })
      .from(users)
      .where(inArray(users.id, traineeIdsOfCenter(d, a.id)));
    expect(rows.map((r) => r.id).sort()).toEqual([first.id, second.id].sort());
    const list = await listCenterTrainees(d, a.id, { limit: 1 });
    expect(list.total).toBe(2);
    expect(list.trainees).toHaveLength(1);
    expect(list.trainees[0]).toEqual({ id: second.id, name: second.name, email: second.email, phone: null });
    expect(await countCenterTrainees(d, a.id)).toBe(2);
  });

  test("a trainee moves between centers once; already there, the old role goes", async () => {
    const { d, a, b } = await twoCenters();
    const trainee = await makeUser(d, { role: "trainee", organizationId: a.id });
    expect(await d.transaction((tx) => moveTraineeRole(tx, trainee.id, a.id, b.id))).toBe(true);
    expect(await d.transaction((tx) => moveTraineeRole(tx, trainee.id, a.id, b.id))).toBe(false);
    expect(await traineeRolesOf(d, [trainee.id])).toEqual([{ userId: trainee.id, centerId: b.id }]);
    await enrolTraineesAtCenter(d, a.id, { claiming: [], joining: [trainee.id] });
    expect(await d.transaction((tx) => moveTraineeRole(tx, trainee.id, a.id, b.id))).toBe(true);
    expect(await traineeRolesOf(d, [trainee.id])).toEqual([{ userId: trainee.id, centerId: b.id }]);
  });

  test("enrolling in bulk claims sign-up roles without a center and adds the others once", async () => {
    const { d, a } = await twoCenters();
    const unplaced = await makeUser(d, { role: "trainee" });
    const fresh = await makeUser(d);
    await enrolTraineesAtCenter(d, a.id, { claiming: [unplaced.id], joining: [fresh.id] });
    await enrolTraineesAtCenter(d, a.id, { claiming: [], joining: [fresh.id] });
    expect(await traineeRolesOf(d, [unplaced.id, fresh.id])).toEqual(
      expect.arrayContaining([
        { userId: unplaced.id, centerId: a.id },
        { userId: fresh.id, centerId: a.id },
      ]),
    );
    expect(await countCenterTrainees(d, a.id)).toBe(2);
  });
});
