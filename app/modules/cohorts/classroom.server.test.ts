import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { auditLog } from "#db/schema";
import { fixtureFiles, syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { createElective } from "~/modules/content/index.server";
import { learnerOverview, levelStatusOf } from "~/modules/learning/index.server";
import { db } from "~/utils/db.server";
import { CHECK_IN_WINDOW_SECONDS } from "./classroom";
import {
  attendanceSheet,
  cancelClassroomSession,
  classroomCourses,
  classroomSessionsOfCohort,
  classroomSessionsOfTrainee,
  editClassroomSession,
  markAttendance,
  scheduleClassroomSession,
} from "./classroom.server";
import { checkIn, checkInDisplay } from "./check-in.server";
import { addCohortMembers, createCohort } from "./service.server";

// The fixture's junior level counts classroom hours up to a quarter of an hour; intermediate does not count them.
beforeAll(() => {
  const files = fixtureFiles();
  files["content/levels.yaml"] = files["content/levels.yaml"]!.replace(
    "    minStudyHours: 0.5\n",
    "    minStudyHours: 0.5\n    classroomHours: { count: true, cap: 0.25 }\n",
  );
  return syncFixtureContent(files);
});

const WINDOW_MS = CHECK_IN_WINDOW_SECONDS * 1000;
/** 2026-12-10 09:00 in China. */
const START = new Date("2026-12-10T01:00:00Z");
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);

const fields = (over: Record<string, unknown> = {}) => ({
  date: "2026-12-10",
  startTime: "09:00",
  endTime: "11:00",
  place: "太原市小店区 305 教室",
  lecturer: "李老师",
  hours: 2,
  topic: "技术合同实务",
  courseSlug: null,
  graceMinutes: 10,
  ...over,
});

async function cohortWithTrainees(levelSlug = "junior", trainees = 2) {
  const d = await db();
  const region = await makeRegion(d);
  const centerRow = await makeOrganization(d, region.id);
  const center = { id: centerRow.id, regionId: region.id };
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  const actor = await actorFor(d, staff.id);
  const people = await Promise.all(
    Array.from({ length: trainees }, () => makeUser(d, { role: "trainee", organizationId: center.id })),
  );
  const created = await createCohort(d, actor, center, {
    name: `课堂班${Math.random()}`,
    levelSlug,
    startsOn: "2026-12-01",
    endsOn: "2027-01-31",
    capacity: 10,
    instructorIds: [],
  });
  if (!created.ok) throw new Error("cohort");
  await addCohortMembers(
    d,
    actor,
    center,
    created.cohortId,
    people.map((p) => p.id),
  );
  return { d, region, center, staff, actor, cohortId: created.cohortId, trainees: people };
}

async function scheduled(w: Awaited<ReturnType<typeof cohortWithTrainees>>, over: Record<string, unknown> = {}) {
  const outcome = await scheduleClassroomSession(w.d, w.actor, w.center, w.cohortId, fields(over) as never);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.sessionId;
}

/** The code the room's screen shows at `now`, as a phone reads it from the QR code's URL. */
async function scannedAt(w: Awaited<ReturnType<typeof cohortWithTrainees>>, sessionId: string, now: Date) {
  const display = await checkInDisplay(w.d, w.actor, w.center, w.cohortId, sessionId, "https://academy.test", now);
  expect(display.url, "the display shows a code while check-in is open").not.toBeNull();
  const url = new URL(display.url!);
  expect(url.pathname).toBe(`/check-in/${sessionId}`);
  return { sessionId, window: Number(url.searchParams.get("w")), code: url.searchParams.get("c")! };
}

describe("classroom sessions", () => {
  test("staff schedule, change and cancel a session; each is audited; bad input names the field to fix", async () => {
    const w = await cohortWithTrainees();
    expect(
      await scheduleClassroomSession(w.d, w.actor, w.center, w.cohortId, fields({ endTime: "08:00" }) as never),
    ).toEqual({ ok: false, field: "endTime", message: "classroom.errors.endBeforeStart" });
    expect(
      await scheduleClassroomSession(w.d, w.actor, w.center, w.cohortId, fields({ courseSlug: "valuation" }) as never),
    ).toEqual({ ok: false, field: "courseSlug", message: "classroom.errors.course" });
    expect(
      await scheduleClassroomSession(w.d, w.actor, w.center, w.cohortId, fields({ topic: null }) as never),
    ).toEqual({ ok: false, field: "topic", message: "classroom.errors.topicOrCourse" });

    const sessionId = await scheduled(w, { topic: null, courseSlug: "law", hours: 1.5 });
    const edited = await editClassroomSession(
      w.d,
      w.actor,
      w.center,
      w.cohortId,
      sessionId,
      fields({ place: "二号楼 201", startTime: "14:00", endTime: "16:30" }) as never,
    );
    expect(edited).toEqual({ ok: true });
    await cancelClassroomSession(w.d, w.actor, w.center, w.cohortId, sessionId);
    const { sessions } = await classroomSessionsOfCohort(w.d, w.actor, w.center, w.cohortId);
    expect(sessions).toMatchObject([
      { id: sessionId, place: "二号楼 201", creditMinutes: 120, startsAt: new Date("2026-12-10T06:00:00Z") },
    ]);
    expect(sessions[0]!.cancelledAt).not.toBeNull();
    const audit = await w.d.select().from(auditLog).where(eq(auditLog.targetId, sessionId));
    expect(audit.map((a) => a.action).sort()).toEqual(["classroom.cancel", "classroom.edit", "classroom.schedule"]);
    const edit = audit.find((a) => a.action === "classroom.edit")!;
    expect(edit.before).toMatchObject({ place: "太原市小店区 305 教室", hours: 1.5, courseSlug: "law" });
    expect(edit.after).toMatchObject({ place: "二号楼 201", hours: 2 });
    // The trainee sees it (cancelled) among their sessions.
    expect(await classroomSessionsOfTrainee(w.d, w.trainees[0]!.id)).toMatchObject([{ id: sessionId, status: null }]);
  });

  test("staff of another center can neither schedule in, read nor mark this center's cohort", async () => {
    const w = await cohortWithTrainees();
    const sessionId = await scheduled(w);
    const other = await makeOrganization(w.d, w.region.id);
    const otherCenter = { id: other.id, regionId: w.region.id };
    const outsider = await actorFor(w.d, (await makeUser(w.d, { role: "center_staff", organizationId: other.id })).id);
    // Their own center's scope: the cohort is not theirs (404).
    await expect(
      scheduleClassroomSession(w.d, outsider, otherCenter, w.cohortId, fields() as never),
    ).rejects.toMatchObject({ status: 404 });
    await expect(attendanceSheet(w.d, outsider, otherCenter, w.cohortId, sessionId)).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      checkInDisplay(w.d, outsider, otherCenter, w.cohortId, sessionId, "https://academy.test", at(5)),
    ).rejects.toMatchObject({ status: 404 });
    // Claiming this center's scope: refused (403).
    await expect(
      markAttendance(w.d, outsider, w.center, w.cohortId, sessionId, [
        { userId: w.trainees[0]!.id, status: "present" },
      ]),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      checkInDisplay(w.d, outsider, w.center, w.cohortId, sessionId, "https://academy.test", at(5)),
    ).rejects.toMatchObject({ status: 403 });
    const sheet = await attendanceSheet(w.d, w.actor, w.center, w.cohortId, sessionId);
    expect(sheet.rows.every((r) => r.status === null)).toBe(true);
  });
});

describe("check-in by the rotating code", () => {
  test("a code is accepted in its window and the next one, and refused as expired after", async () => {
    const w = await cohortWithTrainees("junior", 3);
    const sessionId = await scheduled(w);
    const shownAt = at(2);
    const scanned = await scannedAt(w, sessionId, shownAt);
    const [a, b, c] = w.trainees;
    expect(await checkIn(w.d, a!.id, scanned, shownAt)).toMatchObject({ ok: true, status: "present", already: false });
    expect(await checkIn(w.d, b!.id, scanned, new Date(shownAt.getTime() + WINDOW_MS))).toMatchObject({
      ok: true,
      status: "present",
    });
    // Two windows later (a photo sent to a friend): expired, and nothing recorded.
    expect(await checkIn(w.d, c!.id, scanned, new Date(shownAt.getTime() + 2 * WINDOW_MS))).toMatchObject({
      ok: false,
      reason: "expired",
    });
    // An altered code, or one for a window that has not come yet, is not valid.
    const altered = (scanned.code[0] === "A" ? "B" : "A") + scanned.code.slice(1);
    expect(await checkIn(w.d, c!.id, { ...scanned, code: altered }, shownAt)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(await checkIn(w.d, c!.id, { ...scanned, window: scanned.window + 1 }, shownAt)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    // A code of another session does not open this one.
    const otherSession = await scheduled(w, { startTime: "09:30" });
    const otherCode = await scannedAt(w, otherSession, shownAt);
    expect(await checkIn(w.d, c!.id, { ...otherCode, sessionId }, shownAt)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    const sheet = await attendanceSheet(w.d, w.actor, w.center, w.cohortId, sessionId);
    expect(Object.fromEntries(sheet.rows.map((r) => [r.id, r.status]))).toEqual({
      [a!.id]: "present",
      [b!.id]: "present",
      [c!.id]: null,
    });
    expect(sheet.rows.find((r) => r.id === a!.id)).toMatchObject({ checkedInAt: shownAt, byStaff: false });
  });

  test("on time within the grace period, late after; a second scan keeps the first; outside the session, refused", async () => {
    const w = await cohortWithTrainees("junior", 2);
    const sessionId = await scheduled(w);
    const [early, late] = w.trainees;
    const onTime = await scannedAt(w, sessionId, at(10));
    expect(await checkIn(w.d, early!.id, onTime, at(10))).toMatchObject({ ok: true, status: "present" });
    const afterGrace = await scannedAt(w, sessionId, at(11));
    expect(await checkIn(w.d, late!.id, afterGrace, at(11))).toMatchObject({
      ok: true,
      status: "late",
      already: false,
    });
    expect(await checkIn(w.d, late!.id, await scannedAt(w, sessionId, at(30)), at(30))).toMatchObject({
      ok: true,
      status: "late",
      already: true,
    });
    // Before check-in opens (30 minutes ahead) and after the end there is no code to show, and an old one is refused.
    const before = await checkInDisplay(w.d, w.actor, w.center, w.cohortId, sessionId, "https://academy.test", at(-31));
    expect(before).toMatchObject({ open: false, url: null, qrDataUrl: null });
    const last = await scannedAt(w, sessionId, at(119.9));
    expect(await checkIn(w.d, early!.id, last, at(119.95))).toMatchObject({ ok: true, already: true });
    expect(await checkIn(w.d, early!.id, last, at(120.2))).toMatchObject({ ok: false, reason: "ended" });
    const after = await checkInDisplay(w.d, w.actor, w.center, w.cohortId, sessionId, "https://academy.test", at(121));
    expect(after).toMatchObject({ open: false, url: null });
  });

  test("a trainee of another cohort is refused; a cancelled session takes no check-in", async () => {
    const w = await cohortWithTrainees("junior", 1);
    const sessionId = await scheduled(w);
    const stranger = await makeUser(w.d, { role: "trainee", organizationId: w.center.id });
    const scanned = await scannedAt(w, sessionId, at(0));
    expect(await checkIn(w.d, stranger.id, scanned, at(0))).toMatchObject({ ok: false, reason: "not_member" });
    await cancelClassroomSession(w.d, w.actor, w.center, w.cohortId, sessionId);
    expect(await checkIn(w.d, w.trainees[0]!.id, scanned, at(0))).toMatchObject({ ok: false, reason: "cancelled" });
  });
});

describe("hand marking", () => {
  test("staff mark present, late, absent or excused; only members; changes are audited; a scan overrides absent", async () => {
    const w = await cohortWithTrainees("junior", 3);
    const sessionId = await scheduled(w);
    const [a, b, c] = w.trainees;
    const stranger = await makeUser(w.d, { role: "trainee", organizationId: w.center.id });
    expect(
      await markAttendance(w.d, w.actor, w.center, w.cohortId, sessionId, [{ userId: stranger.id, status: "present" }]),
    ).toEqual({ ok: false, field: "marks", message: "classroom.errors.notMember" });
    expect(
      await markAttendance(w.d, w.actor, w.center, w.cohortId, sessionId, [
        { userId: a!.id, status: "present" },
        { userId: b!.id, status: "absent" },
        { userId: c!.id, status: "excused" },
      ]),
    ).toEqual({ ok: true, changed: 3 });
    expect(
      await markAttendance(w.d, w.actor, w.center, w.cohortId, sessionId, [
        { userId: a!.id, status: "late" },
        { userId: b!.id, status: "absent" },
      ]),
    ).toEqual({ ok: true, changed: 1 });
    const audit = await w.d
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, sessionId), eq(auditLog.action, "classroom.attendance.mark")));
    expect(audit).toHaveLength(2);
    expect(audit.map((e) => [e.before, e.after])).toContainEqual([{ [a!.id]: "present" }, { [a!.id]: "late" }]);
    // b was marked absent, then walks in and scans.
    expect(await checkIn(w.d, b!.id, await scannedAt(w, sessionId, at(40)), at(40))).toMatchObject({ status: "late" });
    const sheet = await attendanceSheet(w.d, w.actor, w.center, w.cohortId, sessionId);
    expect(Object.fromEntries(sheet.rows.map((r) => [r.id, [r.status, r.byStaff]]))).toEqual({
      [a!.id]: ["late", true],
      [b!.id]: ["late", false],
      [c!.id]: ["excused", true],
    });
    const { sessions } = await classroomSessionsOfCohort(w.d, w.actor, w.center, w.cohortId);
    expect(sessions[0]).toMatchObject({ present: 0, late: 2, absent: 0, excused: 1 });
  });
});

describe("classroom hours toward a level's study hours", () => {
  test("present and late count, capped, where levels.yaml says so; absent, excused and cancelled do not", async () => {
    const junior = await cohortWithTrainees("junior", 2);
    const [attender, absentee] = junior.trainees;
    const first = await scheduled(junior, { hours: 0.1 }); // 6 minutes
    const second = await scheduled(junior, { startTime: "13:00", endTime: "14:00", hours: 0.1 });
    const cancelled = await scheduled(junior, { startTime: "15:00", endTime: "16:00", hours: 5 });
    for (const id of [first, second, cancelled])
      await markAttendance(junior.d, junior.actor, junior.center, junior.cohortId, id, [
        { userId: attender!.id, status: id === second ? "late" : "present" },
        { userId: absentee!.id, status: id === first ? "absent" : "excused" },
      ]);
    await cancelClassroomSession(junior.d, junior.actor, junior.center, junior.cohortId, cancelled);
    const status = async (userId: string, level: string) => {
      const held = new Set(["junior"]);
      const row = (await learnerOverview(junior.d, userId, held)).levels.find((l) => l.slug === level)!;
      // An exam start reads the one level alone (its own classroom read): it counts the same time.
      expect(await levelStatusOf(junior.d, userId, row.config, held)).toEqual(row.status);
      return row.status;
    };
    // 6 + 6 minutes attended, under the quarter-hour cap.
    expect(await status(attender!.id, "junior")).toMatchObject({ classroomSeconds: 720, seconds: 720, hours: 0.2 });
    expect(await status(absentee!.id, "junior")).toMatchObject({ classroomSeconds: 0, seconds: 0 });

    // A third session takes the attender past the cap: a quarter of an hour counts, no more.
    const third = await scheduled(junior, { startTime: "17:00", endTime: "18:00", hours: 1 });
    await markAttendance(junior.d, junior.actor, junior.center, junior.cohortId, third, [
      { userId: attender!.id, status: "present" },
    ]);
    expect(await status(attender!.id, "junior")).toMatchObject({ classroomSeconds: 900, seconds: 900, hours: 0.2 });

    // The intermediate level has no classroomHours: attending its cohort's sessions adds nothing.
    const intermediate = await cohortWithTrainees("intermediate", 1);
    const session = await scheduled(intermediate, { topic: "估值", hours: 1 });
    await markAttendance(intermediate.d, intermediate.actor, intermediate.center, intermediate.cohortId, session, [
      { userId: intermediate.trainees[0]!.id, status: "present" },
    ]);
    expect(await status(intermediate.trainees[0]!.id, "intermediate")).toMatchObject({
      classroomSeconds: 0,
      seconds: 0,
    });
  });
});

describe("a session's course", () => {
  test("is the curriculum's or the center's own elective, never another center's", async () => {
    const { d, region, center, actor, cohortId } = await cohortWithTrainees();
    const other = await makeOrganization(d, region.id);
    const elective = (owner: { centerId: string; regionId: string | null }, titleZh: string) =>
      createElective(d, actorOf[owner.centerId]!, owner, {
        levelSlug: "junior",
        module: "政策法规",
        titleZh,
        titleEn: titleZh,
        summaryZh: "本地政策。",
        summaryEn: "Local policies.",
        objectives: "了解本地政策",
        lessonTitleZh: "本地政策",
        lessonTitleEn: "Local policies",
        minutes: 20,
        markdown: "本地政策。",
      });
    const actorOf: Record<string, Awaited<ReturnType<typeof actorFor>>> = {
      [center.id]: actor,
      [other.id]: await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id),
    };
    const mine = await elective({ centerId: center.id, regionId: region.id }, "本基地选修课");
    const theirs = await elective({ centerId: other.id, regionId: region.id }, "别家选修课");
    if (!mine.ok || !theirs.ok) throw new Error("electives");

    const offered = (await classroomCourses(d, "junior", center)).map((c) => c.slug);
    expect(offered).toContain(mine.slug);
    expect(offered).toContain("law");
    expect(offered).not.toContain(theirs.slug);

    const refused = await scheduleClassroomSession(d, actor, center, cohortId, fields({ courseSlug: theirs.slug }));
    expect(refused).toMatchObject({ ok: false, field: "courseSlug" });
    expect(await scheduleClassroomSession(d, actor, center, cohortId, fields({ courseSlug: mine.slug }))).toMatchObject(
      { ok: true },
    );
  });
});
