import { eq } from "drizzle-orm";
import ical from "node-ical";
import { beforeAll, describe, expect, test } from "vitest";
import { syncFixtureContent } from "../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../tests/setup/factories";
import { emailOutbox } from "#db/schema";
import { addCohortMembers, createCohort } from "~/modules/cohorts/index.server";
import { cancelExamSession, rescheduleExamSession, scheduleExamSession } from "~/modules/exams/index.server";
import {
  inboxOf,
  markAllRead,
  markRead,
  notificationCalendar,
  setEmailPreferences,
  unreadCount,
} from "~/modules/notifications/index.server";
import { db } from "~/utils/db.server";
import {
  notifyAddedToCohort,
  notifyPasswordChanged,
  notifySessionCancelled,
  notifySessionChanged,
  notifySessionScheduled,
  sendSessionReminders,
} from "./notify.server";

beforeAll(() => syncFixtureContent());

const APP = "https://academy.example.cn";
const opens = new Date("2026-12-10T01:00:00Z"); // 09:00 in Beijing
const closes = new Date("2026-12-10T03:00:00Z");

async function setting() {
  const d = await db();
  const region = await makeRegion(d);
  const org = await makeOrganization(d, region.id);
  const center = { id: org.id, regionId: region.id };
  const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: org.id })).id);
  const trainee = await makeUser(d, { role: "trainee", organizationId: org.id });
  const other = await makeUser(d, { role: "trainee", organizationId: org.id });
  const scheduled = await scheduleExamSession(
    d,
    staff,
    center,
    {
      levelSlug: "junior",
      name: "初级第一场",
      location: "太原 301",
      opensAt: opens,
      closesAt: closes,
      cohortId: null,
      traineeIds: [trainee.id],
    },
    new Date("2026-12-01T00:00:00Z"),
  );
  if (!scheduled.ok) throw new Error("not scheduled");
  return { d, center, staff, trainee, other, sessionId: scheduled.sessionId };
}

async function mailsTo(email: string | null) {
  const d = await db();
  return d
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.to, email ?? ""));
}

describe("notifications", () => {
  test("a scheduled session reaches its candidate once, in the inbox and by e-mail with the .ics, and nobody else", async () => {
    const { d, trainee, other, sessionId } = await setting();
    expect(await notifySessionScheduled(d, APP, sessionId)).toBe(1);
    expect(await notifySessionScheduled(d, APP, sessionId)).toBe(0); // run twice → still one
    const inbox = await inboxOf(d, trainee.id);
    expect(inbox.map((n) => n.kind)).toEqual(["session_scheduled"]);
    expect(await unreadCount(d, trainee.id)).toBe(1);
    expect(await inboxOf(d, other.id)).toEqual([]);
    const mails = await mailsTo(trainee.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`${APP}/exams`);
    expect(mails[0]!.attachments?.[0]?.filename).toBe("exam-session.ics");
  });

  test("the .ics parses back with another library at the session's times in Asia/Shanghai", async () => {
    const { d, trainee, sessionId } = await setting();
    await notifySessionScheduled(d, APP, sessionId);
    const [item] = await inboxOf(d, trainee.id);
    const text = await notificationCalendar(d, APP, trainee.id, item!.id, "zh-CN");
    const events = Object.values(ical.sync.parseICS(text)).filter((c) => c?.type === "VEVENT");
    expect(events).toHaveLength(1);
    const event = events[0] as ical.VEvent;
    expect(event.start.toISOString()).toBe(opens.toISOString());
    expect(event.end?.toISOString()).toBe(closes.toISOString());
    expect(event.start.tz).toBe("Asia/Shanghai");
    expect(text).toContain("DTSTART;TZID=Asia/Shanghai:20261210T090000");
    expect(String(event.location)).toBe("太原 301");
  });

  test("the inbox is its owner's: another person's notification is a 404, for reading and for the .ics", async () => {
    const { d, trainee, other, sessionId } = await setting();
    await notifySessionScheduled(d, APP, sessionId);
    const [item] = await inboxOf(d, trainee.id);
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => 200,
        (e: unknown) => (e instanceof Response ? e.status : 500),
      );
    expect(await refused(markRead(d, other.id, item!.id))).toBe(404);
    expect(await refused(notificationCalendar(d, APP, other.id, item!.id, "en"))).toBe(404);
    expect(await unreadCount(d, trainee.id)).toBe(1);
    await markRead(d, trainee.id, item!.id);
    expect(await unreadCount(d, trainee.id)).toBe(0);
  });

  test("e-mail turned off for a kind: the inbox still gets it, the outbox does not", async () => {
    const { d, trainee, sessionId } = await setting();
    await setEmailPreferences(d, trainee.id, ["session_cancelled"]);
    await notifySessionScheduled(d, APP, sessionId);
    expect(await inboxOf(d, trainee.id)).toHaveLength(1);
    expect(await mailsTo(trainee.email)).toHaveLength(0);
  });

  test("reminders 24 h and 1 h before the session opens, each once however often the job runs", async () => {
    const { d, trainee, other } = await setting();
    const hour = 3_600_000;
    const before = (ms: number) => new Date(opens.getTime() - ms);
    expect(await sendSessionReminders(d, APP, before(30 * hour))).toBe(0);
    await sendSessionReminders(d, APP, before(23 * hour));
    await sendSessionReminders(d, APP, before(20 * hour)); // another copy of the app, later run
    await sendSessionReminders(d, APP, before(0.5 * hour));
    await sendSessionReminders(d, APP, before(0.25 * hour));
    const reminders = (await inboxOf(d, trainee.id)).filter((n) => n.kind === "session_reminder");
    expect(reminders).toHaveLength(2);
    expect((await inboxOf(d, other.id)).filter((n) => n.kind === "session_reminder")).toHaveLength(0);
  });

  test("a session moved after its reminders is reminded again for its new time", async () => {
    const { d, center, staff, trainee, sessionId } = await setting();
    const hour = 3_600_000;
    await sendSessionReminders(d, APP, new Date(opens.getTime() - 23 * hour));
    await sendSessionReminders(d, APP, new Date(opens.getTime() - 0.5 * hour));
    const later = { opensAt: new Date(opens.getTime() + 48 * hour), closesAt: new Date(closes.getTime() + 48 * hour) };
    const moved = await rescheduleExamSession(d, staff, center, { sessionId, ...later, location: "太原 301" }, opens);
    expect(moved.ok).toBe(true);
    await sendSessionReminders(d, APP, new Date(later.opensAt.getTime() - 23 * hour));
    await sendSessionReminders(d, APP, new Date(later.opensAt.getTime() - 22 * hour)); // the job again: no repeat
    await sendSessionReminders(d, APP, new Date(later.opensAt.getTime() - 0.5 * hour));
    const reminders = (await inboxOf(d, trainee.id)).filter((n) => n.kind === "session_reminder");
    expect(reminders).toHaveLength(4);
  });

  test("cancelled session, added to a cohort, password changed: one notification each; mark all read", async () => {
    const { d, center, staff, trainee, sessionId } = await setting();
    await cancelExamSession(d, staff, center, sessionId, new Date("2026-12-02T00:00:00Z"));
    expect(await notifySessionCancelled(d, APP, sessionId)).toBe(1);
    expect(await notifySessionCancelled(d, APP, sessionId)).toBe(0);
    const cohort = await createCohort(d, staff, center, {
      name: "三期",
      levelSlug: "junior",
      startsOn: "2026-12-01",
      endsOn: "2026-12-31",
      capacity: 10,
      instructorIds: [],
    });
    if (!cohort.ok) throw new Error("no cohort");
    const added = await addCohortMembers(d, staff, center, cohort.cohortId, [trainee.id]);
    if (!added.ok) throw new Error("not added");
    await notifyAddedToCohort(d, APP, cohort.cohortId, added.addedIds);
    await notifyAddedToCohort(d, APP, cohort.cohortId, added.addedIds);
    const at = new Date("2026-12-03T00:00:00Z");
    await notifyPasswordChanged(d, APP, trainee.id, at);
    await notifyPasswordChanged(d, APP, trainee.id, at);
    const kinds = (await inboxOf(d, trainee.id)).map((n) => n.kind).sort();
    expect(kinds).toEqual(["cohort_added", "password_changed", "session_cancelled"]);
    await markAllRead(d, trainee.id);
    expect(await unreadCount(d, trainee.id)).toBe(0);
  });

  test("a session moved: each candidate told once per change, with an .ics of the same UID and a higher SEQUENCE", async () => {
    const { d, center, staff, trainee, other, sessionId } = await setting();
    await notifySessionScheduled(d, APP, sessionId);
    const later = { opensAt: new Date("2026-12-11T01:00:00Z"), closesAt: new Date("2026-12-11T03:30:00Z") };
    const moved = await rescheduleExamSession(
      d,
      staff,
      center,
      { sessionId, ...later, location: "太原 502" },
      new Date("2026-12-02T00:00:00Z"),
    );
    if (!moved.ok || !moved.changedAt) throw new Error("not moved");
    expect(await notifySessionChanged(d, APP, sessionId, moved.changedAt)).toBe(1);
    expect(await notifySessionChanged(d, APP, sessionId, moved.changedAt)).toBe(0); // run twice → still one
    expect((await inboxOf(d, other.id)).length).toBe(0);

    // The same change saved again is no change: nobody is told.
    const again = await rescheduleExamSession(d, staff, center, { sessionId, ...later, location: "太原 502" });
    expect(again).toEqual({ ok: true, changedAt: null });

    const inbox = await inboxOf(d, trainee.id);
    expect(inbox.map((n) => n.kind)).toEqual(["session_changed", "session_scheduled"]);
    const ics = async (id: string) => notificationCalendar(d, APP, trainee.id, id, "zh-CN");
    const [changedIcs, scheduledIcs] = [await ics(inbox[0]!.id), await ics(inbox[1]!.id)];
    const eventOf = (text: string) =>
      Object.values(ical.sync.parseICS(text)).find((c) => c?.type === "VEVENT") as ical.VEvent;
    const [changed, scheduled] = [eventOf(changedIcs), eventOf(scheduledIcs)];
    expect(changed.uid).toBe(scheduled.uid);
    expect(Number(changed.sequence)).toBeGreaterThan(Number(scheduled.sequence ?? 0));
    expect(changed.start.toISOString()).toBe(later.opensAt.toISOString());
    expect(changed.start.tz).toBe("Asia/Shanghai");
    expect(changed.end?.toISOString()).toBe(later.closesAt.toISOString());
    expect(String(changed.location)).toBe("太原 502");
    expect(changedIcs).toContain("STATUS:CONFIRMED");
    const mails = (await mailsTo(trainee.email)).filter((m) => m.subject.includes("变更"));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.attachments?.[0]?.filename).toBe("exam-session.ics");

    // A second change is told again, with a still higher SEQUENCE.
    const third = await rescheduleExamSession(
      d,
      staff,
      center,
      { sessionId, ...later, location: "太原 601" },
      new Date("2026-12-03T00:00:00Z"),
    );
    if (!third.ok || !third.changedAt) throw new Error("not moved");
    expect(await notifySessionChanged(d, APP, sessionId, third.changedAt)).toBe(1);
    const latest = (await inboxOf(d, trainee.id)).filter((n) => n.kind === "session_changed");
    expect(latest).toHaveLength(2);
    const sequences = await Promise.all(latest.map(async (n) => Number(eventOf(await ics(n.id)).sequence)));
    expect(new Set(sequences).size).toBe(2);
  });

  test("a session change: e-mail turned off for it reaches the inbox only; a cancelled or closed session cannot move", async () => {
    const { d, center, staff, trainee, sessionId } = await setting();
    // The kinds listed keep their e-mail; session_changed is not among them.
    await setEmailPreferences(d, trainee.id, ["session_scheduled", "session_cancelled"]);
    const moved = await rescheduleExamSession(
      d,
      staff,
      center,
      { sessionId, opensAt: opens, closesAt: closes, location: "线上" },
      new Date("2026-12-02T00:00:00Z"),
    );
    if (!moved.ok || !moved.changedAt) throw new Error("not moved");
    await notifySessionChanged(d, APP, sessionId, moved.changedAt);
    expect((await inboxOf(d, trainee.id)).map((n) => n.kind)).toEqual(["session_changed"]);
    expect(await mailsTo(trainee.email)).toHaveLength(0);

    expect(
      await rescheduleExamSession(d, staff, center, { sessionId, opensAt: closes, closesAt: opens, location: null }),
    ).toMatchObject({ ok: false, field: "closesAt", message: "validation.session.closesBeforeOpens" });
    expect(
      await rescheduleExamSession(
        d,
        staff,
        center,
        { sessionId, opensAt: opens, closesAt: new Date("2026-12-20T00:00:00Z"), location: null },
        new Date("2026-12-15T00:00:00Z"),
      ),
    ).toMatchObject({ ok: false, message: "validation.session.closed" });
    await cancelExamSession(d, staff, center, sessionId, new Date("2026-12-03T00:00:00Z"));
    expect(
      await rescheduleExamSession(
        d,
        staff,
        center,
        { sessionId, opensAt: opens, closesAt: closes, location: "太原 301" },
        new Date("2026-12-04T00:00:00Z"),
      ),
    ).toMatchObject({ ok: false, message: "validation.session.cancelled" });
  });

  test("another center's staff cannot move this center's session", async () => {
    const { d, sessionId } = await setting();
    const region = await makeRegion(d);
    const org = await makeOrganization(d, region.id);
    const stranger = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: org.id })).id);
    const change = { sessionId, opensAt: opens, closesAt: closes, location: null };
    // At their own center there is no such session: a 404, and nothing changes.
    await expect(
      rescheduleExamSession(d, stranger, { id: org.id, regionId: region.id }, change, new Date("2026-12-02T00:00:00Z")),
    ).rejects.toMatchObject({ status: 404 });
  });
});
