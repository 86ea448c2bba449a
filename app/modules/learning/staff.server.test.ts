import { beforeAll, describe, expect, test } from "vitest";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { heldLevelsOf, heldLevelsOfMany } from "~/modules/certificates/index.server";
import { centerRelationToTrainee } from "~/modules/enrolment/index.server";
import { db } from "~/utils/db.server";
import { recordPriorQualification } from "./qualifications.server";
import { centerTrainees, traineeDetailForStaff } from "./staff.server";

beforeAll(() => syncFixtureContent());

describe("staff see their own center's trainees only", () => {
  test("progress by trainee for the center's staff; nothing of another center's", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const a = await makeOrganization(d, region.id);
    const b = await makeOrganization(d, region.id);
    const staffA = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: a.id })).id);
    const inA = await makeUser(d, { role: "trainee", organizationId: a.id });
    const inB = await makeUser(d, { role: "trainee", organizationId: b.id });
    const heldOfMany = (ids: string[]) => heldLevelsOfMany(d, ids);

    const list = await centerTrainees(d, staffA, { id: a.id, regionId: region.id }, heldOfMany);
    expect(list.trainees.map((t) => t.id)).toEqual([inA.id]);
    await expect(centerTrainees(d, staffA, { id: b.id, regionId: region.id }, heldOfMany)).rejects.toMatchObject({
      status: 403,
    });
    // Asking for another center's trainee through one's own center finds nothing (the route passes how the center stands to them).
    const facts = {
      relatedToCenter: (await centerRelationToTrainee(d, a.id, inB.id)) !== null,
      heldLevels: await heldLevelsOf(d, inB.id),
    };
    await expect(
      traineeDetailForStaff(d, staffA, { id: a.id, regionId: region.id }, inB.id, facts),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      recordPriorQualification(d, staffA, { centerId: a.id, traineeId: inB.id, levelSlug: "junior", note: "越权" }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      recordPriorQualification(d, staffA, { centerId: b.id, traineeId: inB.id, levelSlug: "junior", note: "越权" }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
