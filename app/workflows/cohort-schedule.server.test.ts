import { beforeAll, describe, expect, test } from "vitest";
import { syncFixtureContent } from "../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../tests/setup/factories";
import { addCohortMembers, createCohort } from "~/modules/cohorts/index.server";
import { cancelExamSession, scheduleExamSession } from "~/modules/exams/index.server";
import { db } from "~/utils/db.server";
import { cohortWithSessions, traineeCohortSchedule } from "./cohort-schedule.server";

beforeAll(() => syncFixtureContent());

const t0 = new Date("2026-06-01T01:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe("cohorts with their exam sessions", () => {
  test("staff see every session of the cohort, cancelled too; the trainee sees those of their cohorts that stand", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const org = await makeOrganization(d, region.id);
    const center = { id: org.id, regionId: region.id };
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: org.id })).id);
    const instructor = await makeUser(d, { role: "center_staff", organizationId: org.id });
    const trainee = await makeUser(d, { role: "trainee", organizationId: org.id });
    const cohort = (name: string, instructorIds: string[]) =>
      createCohort(d, staff, center, {
        name,
        levelSlug: "junior",
        startsOn: "2026-05-01",
        endsOn: "2026-06-30",
        capacity: 30,
        instructorIds,
      });
    const mine = await cohort("一期", [instructor.id]);
    const other = await cohort("二期", []);
    if (!mine.ok || !other.ok) throw new Error("no cohort");
    await addCohortMembers(d, staff, center, mine.cohortId, [trainee.id]);
    const schedule = async (cohortId: string, name: string, opensAfter: number) => {
      const s = await scheduleExamSession(
        d,
        staff,
        center,
        {
          levelSlug: "junior",
          name,
          location: "机房",
          opensAt: at(opensAfter),
          closesAt: at(opensAfter + 120),
          cohortId,
          traineeIds: [],
        },
        at(0),
      );
      if (!s.ok) throw new Error("not scheduled");
      return s.sessionId;
    };
    const cancelled = await schedule(mine.cohortId, "补考", 10);
    await schedule(mine.cohortId, "结业考试", 60);
    await schedule(other.cohortId, "二期考试", 30);
    await cancelExamSession(d, staff, center, cancelled, at(1));

    const detail = await cohortWithSessions(d, staff, center, mine.cohortId);
    expect(detail.members.map((m) => m.id)).toEqual([trainee.id]);
    expect(detail.instructors).toEqual([{ id: instructor.id, name: instructor.name }]);
    expect(detail.sessions.map((s) => [s.name, s.cancelledAt !== null])).toEqual([
      ["补考", true],
      ["结业考试", false],
    ]);

    const own = await traineeCohortSchedule(d, trainee.id);
    expect(own).toMatchObject([
      { name: "一期", instructors: [instructor.name], sessions: [{ name: "结业考试", location: "机房" }] },
    ]);
    expect(own[0]!.sessions).toHaveLength(1);
    expect(await traineeCohortSchedule(d, instructor.id)).toEqual([]);
  });

  test("another center's staff get no sessions of the cohort: the cohort is refused", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const org = await makeOrganization(d, region.id);
    const otherOrg = await makeOrganization(d, region.id);
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: org.id })).id);
    const otherStaff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: otherOrg.id })).id);
    const created = await createCohort(
      d,
      staff,
      { id: org.id, regionId: region.id },
      {
        name: "一期",
        levelSlug: "junior",
        startsOn: "2026-05-01",
        endsOn: "2026-06-30",
        capacity: 30,
        instructorIds: [],
      },
    );
    if (!created.ok) throw new Error("no cohort");
    await expect(
      cohortWithSessions(d, otherStaff, { id: org.id, regionId: region.id }, created.cohortId),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      cohortWithSessions(d, otherStaff, { id: otherOrg.id, regionId: region.id }, created.cohortId),
    ).rejects.toMatchObject({ status: 404 });
  });
});
