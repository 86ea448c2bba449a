import { beforeAll, describe, expect, test } from "vitest";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { pickerCohorts } from "./picker.server";
import { createCohort, listCohorts } from "./service.server";

beforeAll(() => syncFixtureContent());

const cohort = (name: string, startsOn: string) => ({
  name,
  levelSlug: "junior",
  startsOn,
  endsOn: "2027-12-31",
  capacity: 3,
  instructorIds: [] as string[],
});

describe("the picker's cohort filter", () => {
  test("lists the center's cohorts as the cohort list does (latest first), and only to those who may see them", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const ref = { id: center.id, regionId: region.id };
    const actor = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    for (const [name, startsOn] of [
      ["2026年第1期初级班", "2026-03-01"],
      ["2027年第1期初级班", "2027-03-01"],
      ["2026年第2期初级班", "2026-09-01"],
    ] as const)
      expect((await createCohort(d, actor, ref, cohort(name, startsOn))).ok).toBe(true);
    // Another center's cohort is not among the choices.
    const other = await makeOrganization(d, region.id);
    const otherRef = { id: other.id, regionId: region.id };
    const outsider = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    expect((await createCohort(d, outsider, otherRef, cohort("别家的班", "2026-05-01"))).ok).toBe(true);

    const choices = await pickerCohorts(d, actor, ref);
    expect(choices.map((c) => c.name)).toEqual(["2027年第1期初级班", "2026年第2期初级班", "2026年第1期初级班"]);
    expect(choices).toEqual((await listCohorts(d, actor, ref)).map((c) => ({ id: c.id, name: c.name })));

    await expect(pickerCohorts(d, outsider, ref)).rejects.toMatchObject({ status: 403 });
  });
});
