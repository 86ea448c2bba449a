import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { auditLog } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { heldLevelsOf } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";
import { enrol } from "./path.server";
import { recordPriorQualification } from "./qualifications.server";

beforeAll(() => syncFixtureContent());

describe("locked levels", () => {
  test("center staff record an equivalent qualification, audited, which opens the next level", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
    expect(
      await recordPriorQualification(d, staff, {
        centerId: center.id,
        traineeId: trainee.id,
        levelSlug: "junior",
        note: "2023 年线下培训并考核合格",
      }),
    ).toEqual({ ok: true });
    expect(await enrol(d, trainee.id, "valuation", heldLevelsOf(d, trainee.id))).toEqual({ ok: true });
    const [entry] = await d.select().from(auditLog).where(eq(auditLog.targetId, trainee.id));
    expect(entry).toMatchObject({ action: "qualification.record", actorId: staff.id, after: { levelSlug: "junior" } });
    // Recording it twice is a field error.
    expect(
      await recordPriorQualification(d, staff, {
        centerId: center.id,
        traineeId: trainee.id,
        levelSlug: "junior",
        note: "重复",
      }),
    ).toEqual({ ok: false, field: "levelSlug", message: "validation.qualification.exists" });
  });
});
