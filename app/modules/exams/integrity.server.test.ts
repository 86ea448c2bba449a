import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { auditLog, examAttempts, examIntegrityEvents, examSessions, notifications } from "#db/schema";
import { integrityPolicySchema } from "~/modules/content";
import { finishFixtureJuniorStudy, openFixtureSession, syncFixtureContent } from "../../../tests/setup/content-fixture";
import { at, noneHeld, sitting, t0 } from "../../../tests/setup/exam-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { connect, db } from "~/utils/db.server";
import { decideIntegrityReview, endAttemptByProctor } from "~/workflows/exam-integrity.server";
import {
  accessCodeMatches,
  checkSessionAccess,
  ipAllowed,
  parseCidr,
  rotatingCode,
  setSessionAccess,
} from "./access.server";
import { examEligibility } from "./eligibility.server";
import { flagAttempt, integrityRecord } from "./integrity-review.server";
import {
  attemptStatusFor,
  hashDeviceToken,
  purgeIntegrityEvents,
  recordIntegrityEvents,
  requestDeviceChange,
} from "./integrity.server";
import { examLimitsOn } from "./limits.server";
import {
  approveDeviceRequest,
  consoleSignature,
  consoleSnapshot,
  extendAttempt,
  proctoredSession,
  sendProctorMessage,
} from "./proctor.server";
import { hasPassed } from "./results.server";
import { saveAnswer } from "./sitting.server";
import { setFlag } from "./flags.server";
import { submitAttempt } from "./close.server";
import { startAttempt } from "./start.server";

// Limits count per person and session or attempt, and every test has people of its own: nothing to reset.
beforeAll(() => syncFixtureContent());

const phone = hashDeviceToken("phone-token")!;
const laptop = hashDeviceToken("laptop-token")!;

/** A trainee ready for the junior exam, its session's center and a proctor (staff of that center). */
async function proctoredSitting() {
  const d = await db();
  const trainee = await makeUser(d, { role: "trainee" });
  await finishFixtureJuniorStudy(trainee.id, t0);
  const session = await openFixtureSession([trainee.id], at(-60), at(24 * 60));
  const staff = await makeUser(d, { role: "center_staff", organizationId: session.centerId });
  const proctor = await actorFor(d, staff.id);
  const scope = { centerId: session.centerId, sessionId: session.id };
  return { d, trainee, session, proctor, scope };
}

async function started(
  d: Awaited<ReturnType<typeof db>>,
  userId: string,
  options: { ip?: string; code?: string; device?: string; now?: Date } = {},
) {
  const result = await startAttempt(d, userId, "junior", {
    held: noneHeld,
    now: options.now ?? t0,
    access: { ip: options.ip ?? "10.0.0.5", accessCode: options.code },
    deviceHash: options.device ?? phone,
  });
  if (!result.ok) throw new Error(`not started: ${JSON.stringify(result)}`);
  return result.attemptId;
}

describe("session access", () => {
  test("networks: CIDR blocks and single addresses, IPv4 on a dual-stack socket, bad entries named", () => {
    expect(parseCidr("10.1.0.0/16")).toEqual({ address: "10.1.0.0", prefix: 16, family: 4 });
    expect(parseCidr("2001:db8::/32")).toMatchObject({ prefix: 32, family: 6 });
    expect(parseCidr("10.1.0.0/33")).toBeNull();
    expect(parseCidr("classroom")).toBeNull();
    expect(ipAllowed("10.1.2.3", ["10.1.0.0/16"])).toBe(true);
    expect(ipAllowed("::ffff:10.1.2.3", ["10.1.0.0/16"])).toBe(true);
    expect(ipAllowed("10.2.0.1", ["10.1.0.0/16", "192.168.1.7"])).toBe(false);
    expect(ipAllowed("unknown", ["10.1.0.0/16"])).toBe(false);
    expect(ipAllowed("8.8.8.8", [])).toBe(true);
  });

  test("a rotating code holds for its window and the one after, never longer; a forged code fails", () => {
    const secret = "ab".repeat(32);
    const session = {
      id: "5d3c1f5e-0000-4000-8000-000000000001",
      accessCodeMode: "rotating",
      accessCode: null,
      accessSecret: secret,
      accessRotateMinutes: 5,
      allowedNetworks: [],
    };
    const window = Math.floor(t0.getTime() / 300_000);
    const code = rotatingCode(secret, session.id, window);
    expect(code).toMatch(/^\d{6}$/);
    expect(accessCodeMatches(session, code, t0)).toBe(true);
    expect(accessCodeMatches(session, code, at(5))).toBe(true);
    // Replayed two windows later: refused.
    expect(accessCodeMatches(session, code, at(10))).toBe(false);
    expect(accessCodeMatches(session, code === "000000" ? "000001" : "000000", t0)).toBe(false);
    // Another session's code for the same window is not this one's.
    expect(rotatingCode(secret, "5d3c1f5e-0000-4000-8000-000000000002", window)).not.toBe(code);
  });

  test("a start is refused with what is wrong: missing or wrong code, network; the right code starts", async () => {
    const { d, trainee, session, proctor } = await proctoredSitting();
    expect(
      await setSessionAccess(d, proctor, session.centerId, {
        sessionId: session.id,
        accessCodeMode: "fixed",
        accessCode: "ab12",
        accessRotateMinutes: 5,
        allowedNetworks: ["classroom"],
        deviceChangeWaitMinutes: null,
      }),
    ).toEqual({ ok: false, field: "allowedNetworks", message: "integrity.access.badNetwork" });
    await setSessionAccess(d, proctor, session.centerId, {
      sessionId: session.id,
      accessCodeMode: "fixed",
      accessCode: "ab12",
      accessRotateMinutes: 5,
      allowedNetworks: ["10.0.0.0/24"],
      deviceChangeWaitMinutes: null,
    });
    const start = (ip: string, code?: string) =>
      startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0, access: { ip, accessCode: code } });
    expect(await start("10.0.0.5")).toEqual({ ok: false, reasons: ["access_code_missing"] });
    expect(await start("10.0.0.5", "XXXX")).toEqual({ ok: false, reasons: ["access_code_wrong"] });
    expect(await start("172.16.0.1", "AB12")).toEqual({ ok: false, reasons: ["network_not_allowed"] });
    expect(await start("10.0.0.5", "ab12")).toMatchObject({ ok: true, resumed: false });
    // Staff of another center cannot change this session.
    const other = await makeOrganization(d, (await makeRegion(d)).id);
    const stranger = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    await expect(
      setSessionAccess(d, stranger, session.centerId, {
        sessionId: session.id,
        accessCodeMode: "none",
        accessCode: null,
        accessRotateMinutes: 5,
        allowedNetworks: [],
        deviceChangeWaitMinutes: null,
      }),
    ).rejects.toMatchObject({ status: 403 });
  });

  test("guessing is limited: after ten wrong codes even the right one waits", async () => {
    const { d, trainee, session, proctor } = await proctoredSitting();
    await setSessionAccess(d, proctor, session.centerId, {
      sessionId: session.id,
      accessCodeMode: "rotating",
      accessCode: null,
      accessRotateMinutes: 5,
      allowedNetworks: [],
      deviceChangeWaitMinutes: null,
    });
    const [row] = await d.select().from(examSessions).where(eq(examSessions.id, session.id));
    const right = rotatingCode(row!.accessSecret!, session.id, Math.floor(t0.getTime() / 300_000));
    const wrong = right === "123456" ? "654321" : "123456";
    for (let i = 0; i < 10; i++)
      expect(
        await startAttempt(d, trainee.id, "junior", {
          held: noneHeld,
          now: t0,
          access: { ip: "1.2.3.4", accessCode: wrong },
        }),
      ).toEqual({ ok: false, reasons: ["access_code_wrong"] });
    expect(
      await startAttempt(d, trainee.id, "junior", {
        held: noneHeld,
        now: t0,
        access: { ip: "1.2.3.4", accessCode: right },
      }),
    ).toEqual({ ok: false, reasons: ["access_code_too_many"] });
  });

  test("two app copies count wrong codes into one budget", async () => {
    // Two limiters over the shared table stand for two processes behind the load balancer (on both databases).
    const database = await connect();
    const [copyA, copyB] = [examLimitsOn(database, "database"), examLimitsOn(database, "database")];
    const session = {
      id: "5d3c1f5e-0000-4000-8000-0000000000aa",
      accessCodeMode: "fixed",
      accessCode: "RIGHT1",
      accessSecret: null,
      accessRotateMinutes: 5,
      allowedNetworks: [],
    };
    const userId = (await makeUser(await db(), { role: "trainee" })).id;
    const tryCode = (code: string, copy: typeof copyA) =>
      checkSessionAccess(session, { userId, ip: "10.0.0.5", accessCode: code }, t0, copy);
    for (let i = 0; i < 5; i++) {
      expect(await tryCode("WRONG1", copyA)).toEqual(["access_code_wrong"]);
      expect(await tryCode("WRONG1", copyB)).toEqual(["access_code_wrong"]);
    }
    // Ten wrong codes in all, five on each copy: neither lets the right one through now.
    expect(await tryCode("RIGHT1", copyA)).toEqual(["access_code_too_many"]);
    expect(await tryCode("RIGHT1", copyB)).toEqual(["access_code_too_many"]);
    // Another candidate of the same session is not held back, and right codes never use up the budget.
    const other = (await makeUser(await db(), { role: "trainee" })).id;
    for (let i = 0; i < 12; i++)
      expect(
        await checkSessionAccess(session, { userId: other, ip: "10.0.0.5", accessCode: "RIGHT1" }, t0, copyA),
      ).toEqual([]);
    // Thirty guesses at once: no more than ten are compared with the code.
    const guesser = (await makeUser(await db(), { role: "trainee" })).id;
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        checkSessionAccess(
          session,
          { userId: guesser, ip: "10.0.0.5", accessCode: `WRONG${i}` },
          t0,
          i % 2 ? copyA : copyB,
        ),
      ),
    );
    expect(burst.filter((reasons) => reasons.includes("access_code_wrong"))).toHaveLength(10);
    expect(
      await checkSessionAccess(session, { userId: other, ip: "10.0.0.5", accessCode: "right1" }, t0, copyB),
    ).toEqual([]);
  });
});

describe("one device per attempt", () => {
  test("saves from another browser are refused until the proctor approves its request; every change recorded", async () => {
    const { d, trainee, proctor, scope } = await proctoredSitting();
    const attemptId = await started(d, trainee.id, { device: phone });
    const { find } = await sitting(d, trainee.id, attemptId, at(1));
    const tf = find("true_false");
    const save = (device: string | null, seq: number) =>
      saveAnswer(d, {
        userId: trainee.id,
        attemptId,
        item: tf.index,
        part: 0,
        response: true,
        seq,
        now: at(2),
        deviceHash: device,
      });
    expect(await save(phone, 1)).toEqual({ ok: true, seq: 1 });
    expect(await save(laptop, 2)).toEqual({ ok: false, reason: "device" });
    expect(await save(null, 2)).toEqual({ ok: false, reason: "device" });
    expect(
      (await attemptStatusFor(d, { userId: trainee.id, attemptId, deviceHash: laptop, now: at(3) })).device,
    ).toEqual({
      state: "other",
      request: null,
    });
    expect(await requestDeviceChange(d, { userId: trainee.id, attemptId, deviceHash: laptop, now: at(3) })).toEqual({
      ok: true,
    });
    const snapshot = await consoleSnapshot(d, { id: scope.sessionId, levelSlug: "junior" }, at(3));
    const request = snapshot.candidates.find((c) => c.userId === trainee.id)!.deviceRequest!;
    expect(request).toBeTruthy();
    expect(await approveDeviceRequest(d, proctor, scope, { requestId: request.id, now: at(4) })).toEqual({ ok: true });
    expect(await save(laptop, 2)).toEqual({ ok: true, seq: 2 });
    expect(await save(phone, 3)).toEqual({ ok: false, reason: "device" });
    const record = await integrityRecord(d, proctor, scope.centerId, attemptId);
    expect(record.events.map((e) => e.kind)).toEqual(["device_request", "device_change"]);
    expect(record.devices).toMatchObject([{ status: "approved", decidedBy: expect.any(String) }]);
    const audits = await d.select().from(auditLog).where(eq(auditLog.targetId, attemptId));
    expect(audits.map((a) => a.action)).toContain("exam.proctor.device");
  });

  test("question flags and the hand-in from another browser are refused, like saves", async () => {
    const { d, trainee } = await proctoredSitting();
    const attemptId = await started(d, trainee.id, { device: phone });
    const flag = (device: string | null) =>
      setFlag(d, { userId: trainee.id, attemptId, item: 3, flagged: true, now: at(2), deviceHash: device });
    expect(await flag(laptop)).toEqual({ ok: false, reason: "device" });
    expect(await flag(null)).toEqual({ ok: false, reason: "device" });
    expect(await flag(phone)).toEqual({ ok: true, flagged: [3] });
    // Handing in from the laptop leaves the attempt open; the phone hands it in.
    expect(await submitAttempt(d, trainee.id, attemptId, at(3), laptop)).toBeNull();
    const [open] = await d.select().from(examAttempts).where(eq(examAttempts.id, attemptId));
    expect(open).toMatchObject({ status: "open", flagged: [3] });
    expect(await submitAttempt(d, trainee.id, attemptId, at(4), phone)).toMatchObject({ attemptId });
    const [closed] = await d.select().from(examAttempts).where(eq(examAttempts.id, attemptId));
    expect(closed!.status).toBe("submitted");
  });

  test("with the center's wait, a request is granted by itself once the wait has passed", async () => {
    const { d, trainee, session, proctor } = await proctoredSitting();
    await setSessionAccess(d, proctor, session.centerId, {
      sessionId: session.id,
      accessCodeMode: "none",
      accessCode: null,
      accessRotateMinutes: 5,
      allowedNetworks: [],
      deviceChangeWaitMinutes: 3,
    });
    const attemptId = await started(d, trainee.id, { device: phone });
    await requestDeviceChange(d, { userId: trainee.id, attemptId, deviceHash: laptop, now: at(1) });
    const waiting = await attemptStatusFor(d, { userId: trainee.id, attemptId, deviceHash: laptop, now: at(2) });
    expect(waiting.device).toMatchObject({ state: "other", request: { grantsAt: at(4).toISOString() } });
    const granted = await attemptStatusFor(d, { userId: trainee.id, attemptId, deviceHash: laptop, now: at(4) });
    expect(granted.device).toEqual({ state: "bound" });
  });
});

describe("integrity events", () => {
  test("are stored once per sequence number, with their times; other candidates' attempts are not found", async () => {
    const { d, trainee, proctor, scope } = await proctoredSitting();
    const attemptId = await started(d, trainee.id);
    const batch = [
      { seq: 1, kind: "page_hidden", at: at(5).toISOString() },
      { seq: 2, kind: "paste", at: at(6).toISOString() },
      { seq: 3, kind: "made_up", at: at(6).toISOString() },
    ];
    const send = (userId: string, device: string | null = phone) =>
      recordIntegrityEvents(d, { userId, attemptId, deviceHash: device, events: batch, now: at(7) });
    expect(await send(trainee.id)).toMatchObject({ ok: true, stored: 2, warn: true });
    // The queue retried the same batch: nothing twice.
    expect(await send(trainee.id)).toMatchObject({ ok: true, stored: 0 });
    expect(await send(trainee.id, laptop)).toEqual({ ok: false, reason: "device" });
    const other = await makeUser(d, { role: "trainee" });
    await expect(send(other.id)).rejects.toMatchObject({ status: 404 });
    const record = await integrityRecord(d, proctor, scope.centerId, attemptId);
    expect(record.events.map((e) => [e.kind, e.occurredAt])).toEqual([
      ["page_hidden", at(5).toISOString()],
      ["paste", at(6).toISOString()],
    ]);
    // The candidate's data download carries them too.
    const { examDataOf } = await import("./personal-data.server");
    expect((await examDataOf(d, trainee.id)).attempts[0]!.integrityEvents.map((e) => e.kind)).toEqual([
      "page_hidden",
      "paste",
    ]);
  });

  test("a flood is refused before the database while saves go on; the policy decides what is kept", async () => {
    const { d, trainee } = await proctoredSitting();
    const attemptId = await started(d, trainee.id);
    const flood = Array.from({ length: 31 }, (_, i) => ({ seq: i + 1, kind: "window_blur", at: at(2).toISOString() }));
    expect(
      await recordIntegrityEvents(d, { userId: trainee.id, attemptId, deviceHash: phone, events: flood, now: at(2) }),
    ).toMatchObject({
      ok: false,
      reason: "limited",
    });
    const { find } = await sitting(d, trainee.id, attemptId, at(2));
    expect(
      await saveAnswer(d, {
        userId: trainee.id,
        attemptId,
        item: find("true_false").index,
        part: 0,
        response: false,
        seq: 1,
        now: at(2),
        deviceHash: phone,
      }),
    ).toEqual({ ok: true, seq: 1 });
    expect(integrityPolicySchema.parse({ record: ["page_hidden"], alertProctorAfter: 2 })).toEqual({
      record: ["page_hidden"],
      warnCandidate: true,
      alertProctorAfter: 2,
    });
    expect(integrityPolicySchema.safeParse({ record: ["screenshots"] }).success).toBe(false);
    expect(integrityPolicySchema.safeParse({ alertProctorAfter: 0 }).success).toBe(false);
  });

  test("two app copies count events into one budget of 30 a minute per attempt", async () => {
    const { d, trainee } = await proctoredSitting();
    const attemptId = await started(d, trainee.id);
    const database = await connect();
    const [copyA, copyB] = [examLimitsOn(database, "database"), examLimitsOn(database, "database")];
    let seq = 0;
    const send = (count: number, limits: typeof copyA) =>
      recordIntegrityEvents(d, {
        userId: trainee.id,
        attemptId,
        deviceHash: phone,
        events: Array.from({ length: count }, () => ({ seq: ++seq, kind: "page_hidden", at: at(2).toISOString() })),
        now: at(2),
        limits,
      });
    expect(await send(15, copyA)).toMatchObject({ ok: true, stored: 15 });
    expect(await send(15, copyB)).toMatchObject({ ok: true, stored: 15 });
    const refused = await send(1, copyA);
    expect(refused).toMatchObject({ ok: false, reason: "limited" });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await send(1, copyB)).toMatchObject({ ok: false, reason: "limited" });
    // Refused before the database: nothing more was stored.
    expect(await d.select().from(examIntegrityEvents).where(eq(examIntegrityEvents.attemptId, attemptId))).toHaveLength(
      30,
    );
  });

  test("a change of address while answering is recorded by the server", async () => {
    const { d, trainee, proctor, scope } = await proctoredSitting();
    const attemptId = await started(d, trainee.id, { ip: "10.0.0.5" });
    await attemptStatusFor(d, { userId: trainee.id, attemptId, deviceHash: phone, ip: "10.0.0.9", now: at(3) });
    const record = await integrityRecord(d, proctor, scope.centerId, attemptId);
    expect(record.events).toMatchObject([{ kind: "ip_change", detail: { from: "10.0.0.5", to: "10.0.0.9" } }]);
  });

  test("events older than the retention are deleted", async () => {
    const { d, trainee } = await proctoredSitting();
    const attemptId = await started(d, trainee.id);
    await recordIntegrityEvents(d, {
      userId: trainee.id,
      attemptId,
      deviceHash: phone,
      events: [{ seq: 1, kind: "copy", at: at(1).toISOString() }],
      now: at(1),
    });
    expect(await purgeIntegrityEvents(d, at(0))).toBe(0);
    expect(await purgeIntegrityEvents(d, at(2))).toBeGreaterThanOrEqual(1);
    expect(await d.select().from(examIntegrityEvents).where(eq(examIntegrityEvents.attemptId, attemptId))).toEqual([]);
  });
});

describe("the proctor console", () => {
  test("shows each candidate's state, refuses staff of another center, and sees a change at once", async () => {
    const { d, trainee, session, proctor, scope } = await proctoredSitting();
    const absent = await makeUser(d, { role: "trainee" });
    const { examSessionCandidates } = await import("#db/schema");
    await d.insert(examSessionCandidates).values({ sessionId: session.id, userId: absent.id });
    const before = await consoleSignature(d, session.id);
    const attemptId = await started(d, trainee.id);
    expect(await consoleSignature(d, session.id)).not.toBe(before);
    // Two saves a second apart: each shows in the console at its next tick.
    const { find } = await sitting(d, trainee.id, attemptId, at(0.1));
    const quiet = await consoleSignature(d, session.id);
    const save = (seq: number, seconds: number) =>
      saveAnswer(d, {
        userId: trainee.id,
        attemptId,
        item: find("true_false").index,
        part: 0,
        response: seq % 2 === 0,
        seq,
        now: new Date(at(0.1).getTime() + seconds * 1000),
        deviceHash: phone,
      });
    expect(await save(1, 1)).toEqual({ ok: true, seq: 1 });
    const afterFirst = await consoleSignature(d, session.id);
    expect(afterFirst).not.toBe(quiet);
    expect(await save(2, 2)).toEqual({ ok: true, seq: 2 });
    expect(await consoleSignature(d, session.id)).not.toBe(afterFirst);
    const snap = await consoleSnapshot(d, { id: session.id, levelSlug: "junior" }, at(0.5));
    expect(snap.totals).toMatchObject({ expected: 2, started: 1, disconnected: 0, submitted: 0 });
    expect(snap.candidates.find((c) => c.userId === absent.id)!.state).toBe("expected");
    const later = await consoleSnapshot(d, { id: session.id, levelSlug: "junior" }, at(5));
    expect(later.candidates.find((c) => c.attemptId === attemptId)!.state).toBe("disconnected");
    expect((await proctoredSession(d, proctor, scope.centerId, scope.sessionId)).id).toBe(session.id);
    const other = await makeOrganization(d, (await makeRegion(d)).id);
    const stranger = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    await expect(proctoredSession(d, stranger, scope.centerId, scope.sessionId)).rejects.toMatchObject({ status: 403 });
    await expect(proctoredSession(d, stranger, other.id, scope.sessionId)).rejects.toMatchObject({ status: 404 });
    await expect(extendAttempt(d, stranger, scope, { attemptId, minutes: 10 })).rejects.toMatchObject({ status: 403 });
  });

  test("extra time moves the candidate's deadline; a message appears on the page; both audited", async () => {
    const { d, trainee, proctor, scope } = await proctoredSitting();
    const attemptId = await started(d, trainee.id);
    expect(await extendAttempt(d, proctor, scope, { attemptId, minutes: 0 })).toEqual({
      ok: false,
      message: "integrity.proctor.minutesRange",
    });
    expect(await extendAttempt(d, proctor, scope, { attemptId, minutes: 10 })).toEqual({
      ok: true,
      deadlineAt: at(70),
    });
    await sendProctorMessage(d, proctor, scope, { attemptId, body: "请把手机放在桌上", now: at(2) });
    await sendProctorMessage(d, proctor, scope, { attemptId: null, body: "还剩 30 分钟", now: at(3) });
    const status = await attemptStatusFor(d, { userId: trainee.id, attemptId, deviceHash: phone, now: at(4) });
    expect(status.deadlineAt).toBe(at(70).toISOString());
    expect(status.messages.map((m) => m.body)).toEqual(["请把手机放在桌上", "还剩 30 分钟"]);
    const actions = (await d.select().from(auditLog).where(eq(auditLog.actorId, proctor.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["exam.proctor.extra_time", "exam.proctor.message"]));
  });

  test("ending an attempt grades its saved answers and holds the certificate until a decision", async () => {
    const { d, trainee, proctor, scope } = await proctoredSitting();
    const attemptId = await started(d, trainee.id);
    expect(await endAttemptByProctor(d, proctor, scope, { attemptId, reason: "x", now: at(5) })).toEqual({
      ok: false,
      message: "integrity.proctor.reasonRequired",
    });
    const ended = await endAttemptByProctor(d, proctor, scope, { attemptId, reason: "使用手机查阅资料", now: at(5) });
    expect(ended).toMatchObject({ ok: true, graded: { attemptId } });
    const [row] = await d.select().from(examAttempts).where(eq(examAttempts.id, attemptId));
    expect(row).toMatchObject({ status: "submitted", endReason: "使用手机查阅资料", endedBy: proctor.id });
    const status = await attemptStatusFor(d, { userId: trainee.id, attemptId, deviceHash: phone, now: at(6) });
    expect(status).toMatchObject({ status: "submitted", endReason: "使用手机查阅资料" });
    expect((await integrityRecord(d, proctor, scope.centerId, attemptId)).review).toMatchObject({
      flagReason: "使用手机查阅资料",
      decision: null,
    });
  });
});

describe("the integrity review", () => {
  test("a flagged pass issues nothing until accepted; a voided pass never counts; the candidate is told", async () => {
    const { d, trainee, proctor, scope } = await proctoredSitting();
    const attemptId = await started(d, trainee.id);
    // As if graded a pass (the grading itself is tested elsewhere).
    await d
      .update(examAttempts)
      .set({ status: "submitted", closedAt: at(30), passed: true, scoreTenths: 100 })
      .where(eq(examAttempts.id, attemptId));
    expect(await hasPassed(d, trainee.id, "junior")).toBe(true);
    expect(await flagAttempt(d, proctor, scope.centerId, { attemptId, reason: "" })).toEqual({
      ok: false,
      message: "integrity.review.reasonRequired",
    });
    expect(await flagAttempt(d, proctor, scope.centerId, { attemptId, reason: "切屏 12 次" })).toEqual({ ok: true });
    expect(await flagAttempt(d, proctor, scope.centerId, { attemptId, reason: "again" })).toEqual({
      ok: false,
      message: "integrity.review.alreadyFlagged",
    });
    expect(await hasPassed(d, trainee.id, "junior")).toBe(false);
    expect(
      await decideIntegrityReview(d, proctor, scope.centerId, { attemptId, decision: "voided", reason: "" }),
    ).toEqual({ ok: false, message: "integrity.review.voidReason" });
    const voided = await decideIntegrityReview(d, proctor, scope.centerId, {
      attemptId,
      decision: "voided",
      reason: "监考记录显示使用手机",
      now: at(40),
    });
    expect(voided).toMatchObject({ ok: true, decided: { decision: "voided" }, issued: null });
    expect(await hasPassed(d, trainee.id, "junior")).toBe(false);
    // A voided pass does not stop the candidate sitting again (after the wait).
    const eligibility = await examEligibility(d, trainee.id, "junior", noneHeld, at(60 * 25));
    expect(eligibility.reasons).not.toContain("already_passed");
    const inbox = await d.select().from(notifications).where(eq(notifications.userId, trainee.id));
    expect(inbox).toMatchObject([{ kind: "exam_integrity_decision", params: { decision: "voided" } }]);
    const actions = (await d.select().from(auditLog).where(eq(auditLog.targetId, attemptId))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["exam.integrity.flag", "exam.integrity.decide"]));
  });

  test("an accepted pass counts again; staff of another center see no record", async () => {
    const { d, trainee, proctor, scope } = await proctoredSitting();
    const attemptId = await started(d, trainee.id);
    await d
      .update(examAttempts)
      .set({ status: "submitted", closedAt: at(30), passed: true, scoreTenths: 100 })
      .where(eq(examAttempts.id, attemptId));
    await flagAttempt(d, proctor, scope.centerId, { attemptId, reason: "切屏较多" });
    const accepted = await decideIntegrityReview(d, proctor, scope.centerId, {
      attemptId,
      decision: "accepted",
      reason: "",
    });
    expect(accepted).toMatchObject({ ok: true, decided: { decision: "accepted", passed: true } });
    expect(await hasPassed(d, trainee.id, "junior")).toBe(true);
    const other = await makeOrganization(d, (await makeRegion(d)).id);
    const stranger = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    await expect(integrityRecord(d, stranger, other.id, attemptId)).rejects.toMatchObject({ status: 404 });
    await expect(flagAttempt(d, stranger, scope.centerId, { attemptId, reason: "test" })).rejects.toMatchObject({
      status: 403,
    });
  });
});
