import { beforeAll, describe, expect, test } from "vitest";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { makeUser } from "../../../tests/setup/factories";
import { heldLevelsOf } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";
import { openLesson } from "./lessons.server";
import { enrol, learnerOverview } from "./path.server";

beforeAll(() => syncFixtureContent());

describe("locked levels", () => {
  test("a level whose prerequisite is not held is locked and its courses cannot be joined", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    const intermediate = (await learnerOverview(d, trainee.id, heldLevelsOf(d, trainee.id))).levels.find(
      (l) => l.slug === "intermediate",
    )!.status;
    expect(intermediate).toMatchObject({ locked: true, missingPrerequisites: ["junior"] });
    expect(await enrol(d, trainee.id, "valuation", heldLevelsOf(d, trainee.id))).toEqual({
      ok: false,
      message: "learn.levelLocked",
    });
    await expect(openLesson(d, trainee.id, "valuation", "methods", heldLevelsOf(d, trainee.id))).rejects.toMatchObject({
      status: 403,
    });
  });
});
