import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { examAttempts, levels } from "#db/schema";
import { finishFixtureJuniorStudy, syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { addCohortMembers, createCohort } from "~/modules/cohorts/index.server";
import { db } from "~/utils/db.server";
import { grantAccommodation } from "./accommodations.server";
import { noneHeld } from "../../../tests/setup/exam-fixture";
import { submitAttempt } from "./close.server";
import { examsOverview } from "./overview.server";
import { attemptReview } from "./review.server";
import { attemptForCandidate } from "./sitting.server";
import { startAttempt } from "./start.server";
import { cancelExamSession, listExamSessions, scheduleExamSession } from "./sessions.server";

beforeAll(() => syncFixtureContent());

const t0 = new Date("2026-06-01T01:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

async function centerScene() {
  const d = await db();
  const region = await makeRegion(d);
  const org = await makeOrganization(d, region.id);
  const center = { id: org.id, regionId: region.id };
  const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: org.id })).id);
  const trainee = await makeUser(d, { role: "trainee", organizationId: org.id });
  await finishFixtureJuniorStudy(trainee.id, t0);
  return { d, region, center, staff, trainee };
}

const session = (over: Partial<Parameters<typeof scheduleExamSession>[3]> = {}) => ({
  levelSlug: "junior",
  name: "第4期结业考试",
  location: "太原市科技大厦 3 楼机房",
  opensAt: at(0),
  closesAt: at(120),
  cohortId: null,
  traineeIds: [] as string[],
  ...over,
});

describe("exam sessions", () => {
  test("without an open session an eligible trainee cannot start; a session for their cohort lets them", async () => {
    const { d, center, staff, trainee } = await centerScene();
    expect(await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: at(1) })).toEqual({
      ok: false,
      reasons: ["no_session"],
    });
    const cohort = await createCohort(d, staff, center, {
      name: "一期",
      levelSlug: "junior",
      startsOn: "2026-05-01",
      endsOn: "2026-06-30",
      capacity: 30,
      instructorIds: [],
    });
    if (!cohort.ok) throw new Error("no cohort");
    await addCohortMembers(d, staff, center, cohort.cohortId, [trainee.id]);
    const scheduled = await scheduleExamSession(
      d,
      staff,
      center,
      session({ cohortId: cohort.cohortId, opensAt: at(10) }),
      at(0),
    );
    expect(scheduled.ok).toBe(true);
    expect(await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: at(5) })).toEqual({
      ok: false,
      reasons: ["no_session"],
    });
    const overview = await examsOverview(d, trainee.id, noneHeld, at(5));
    expect(overview.find((e) => e.levelSlug === "junior")!.sessions).toMatchObject([
      { name: "第4期结业考试", open: false },
    ]);
    expect(await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: at(11) })).toMatchObject({ ok: true });
  });

  test("the deadline is the session's close when it comes before the time allowed, and extra time cannot pass it", async () => {
    const { d, center, staff, trainee } = await centerScene();
    await scheduleExamSession(d, staff, center, session({ traineeIds: [trainee.id], closesAt: at(90) }), at(0));
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: at(50) });
    if (!started.ok) throw new Error("not started");
    // 60 minutes allowed from minute 50, but the session closes at minute 90.
    expect((await attemptForCandidate(d, trainee.id, started.attemptId, at(51))).deadlineAt).toBe(at(90).toISOString());
    await grantAccommodation(d, staff, {
      centerId: center.id,
      traineeId: trainee.id,
      levelSlug: "junior",
      extraMinutes: 30,
      extraAttempts: 0,
    });
    const [row] = await d.select().from(examAttempts).where(eq(examAttempts.id, started.attemptId));
    expect(row!.deadlineAt).toEqual(at(90));
  });

  test("answers and explanations are shown only after the session's window has closed", async () => {
    const { d, center, staff, trainee } = await centerScene();
    const [junior] = await d.select().from(levels).where(eq(levels.slug, "junior"));
    const config = junior!.config as { exam: Record<string, unknown> };
    await d
      .update(levels)
      .set({ config: { ...config, exam: { ...config.exam, review: "answers_after_close" } } })
      .where(eq(levels.slug, "junior"));
    try {
      await scheduleExamSession(d, staff, center, session({ traineeIds: [trainee.id], closesAt: at(180) }), at(0));
      const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: at(1) });
      if (!started.ok) throw new Error("not started");
      await submitAttempt(d, trainee.id, started.attemptId, at(20));
      expect(await attemptReview(d, trainee.id, started.attemptId, at(21))).toBeNull();
      expect((await attemptForCandidate(d, trainee.id, started.attemptId, at(21))).reviewOpensAt).toBe(
        at(180).toISOString(),
      );
      expect(await attemptReview(d, trainee.id, started.attemptId, at(181))).not.toBeNull();
    } finally {
      await d.update(levels).set({ config }).where(eq(levels.slug, "junior"));
    }
  });

  test("a cancelled session lets nobody start; scheduling checks its window and its candidates", async () => {
    const { d, region, center, staff, trainee } = await centerScene();
    const stranger = await makeUser(d, { role: "trainee", organizationId: (await makeOrganization(d, region.id)).id });
    expect(
      await scheduleExamSession(d, staff, center, session({ traineeIds: [trainee.id], closesAt: at(0) }), at(0)),
    ).toMatchObject({ ok: false, field: "closesAt" });
    expect(await scheduleExamSession(d, staff, center, session({ traineeIds: [] }), at(0))).toMatchObject({
      ok: false,
      field: "traineeIds",
    });
    expect(await scheduleExamSession(d, staff, center, session({ traineeIds: [stranger.id] }), at(0))).toMatchObject({
      ok: false,
      field: "traineeIds",
    });
    const scheduled = await scheduleExamSession(d, staff, center, session({ traineeIds: [trainee.id] }), at(0));
    if (!scheduled.ok) throw new Error("not scheduled");
    expect((await listExamSessions(d, staff, center)).map((s) => s.names)).toEqual([[trainee.name]]);
    await cancelExamSession(d, staff, center, scheduled.sessionId, at(1));
    expect(await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: at(2) })).toEqual({
      ok: false,
      reasons: ["no_session"],
    });
  });

  test("another center's staff cannot schedule for this center or cancel its sessions", async () => {
    const { d, region, center, staff, trainee } = await centerScene();
    const other = await makeOrganization(d, region.id);
    const otherStaff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    await expect(
      scheduleExamSession(d, otherStaff, center, session({ traineeIds: [trainee.id] }), at(0)),
    ).rejects.toMatchObject({ status: 403 });
    // Through their own center, this center's trainee is not a candidate they may name.
    expect(
      await scheduleExamSession(
        d,
        otherStaff,
        { id: other.id, regionId: region.id },
        session({ traineeIds: [trainee.id] }),
        at(0),
      ),
    ).toMatchObject({ ok: false, field: "traineeIds" });
    const scheduled = await scheduleExamSession(d, staff, center, session({ traineeIds: [trainee.id] }), at(0));
    if (!scheduled.ok) throw new Error("not scheduled");
    await expect(
      cancelExamSession(d, otherStaff, { id: other.id, regionId: region.id }, scheduled.sessionId, at(1)),
    ).rejects.toMatchObject({ status: 404 });
  });
});
