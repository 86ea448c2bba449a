import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import {
  auditLog,
  caseEvidence,
  emailOutbox,
  examAttempts,
  notifications,
  passwordResetRequests,
  portfolioCases,
  sessions,
  signInAttempts,
  users,
} from "#db/schema";
import { finishFixtureJuniorStudy, openFixtureSession, syncFixtureContent } from "../../tests/setup/content-fixture";
import { noneHeld, sitting, t0, at } from "../../tests/setup/exam-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../tests/setup/factories";
import { issueTestCertificate } from "../../tests/setup/test-certificates";
import { createSession, ERASED_NAME, purgeAddressLogs } from "~/modules/auth/index.server";
import {
  addCohortMembers,
  createCohort,
  markAttendance,
  removeCohortMember,
  scheduleClassroomSession,
} from "~/modules/cohorts/index.server";
import { saveAnswer, startAttempt } from "~/modules/exams/index.server";
import { requestDeletion } from "~/modules/privacy/index.server";
import { findCertificate, parseVerificationQuery } from "~/modules/verification/index.server";
import { db } from "~/utils/db.server";
import { collectPersonalData, completeDeletion, personalDataHtml, refuseDeletion } from "./personal-data.server";

beforeAll(() => syncFixtureContent());

/** A certificate holder who also sat an exam, keeps a portfolio case with evidence and has an inbox. */
async function richPerson() {
  const d = await db();
  const cert = await issueTestCertificate(d, { holderName: "张三丰" });
  const userId = cert.holder.id;
  await finishFixtureJuniorStudy(userId, t0);
  await openFixtureSession([userId], at(-24 * 60), at(60 * 24 * 60));
  const started = await startAttempt(d, userId, "junior", { held: noneHeld, now: t0 });
  if (!started.ok) throw new Error(`not started: ${JSON.stringify(started)}`);
  const tf = (await sitting(d, userId, started.attemptId, at(1))).find("true_false");
  await saveAnswer(d, {
    userId,
    attemptId: started.attemptId,
    item: tf.index,
    part: 0,
    response: true,
    seq: 1,
    now: at(2),
  });
  const [kase] = await d
    .insert(portfolioCases)
    .values({
      userId,
      title: "某高校专利许可",
      contractType: "licence",
      amountFen: 100_000,
      role: "项目负责人",
      startedOn: "2025-01-01",
      description: "本人负责谈判",
    })
    .returning();
  await d.insert(caseEvidence).values({
    caseId: kase!.id,
    fileName: "合同.pdf",
    mimeType: "application/pdf",
    size: 3,
    sha256: "0".repeat(64),
    data: new Uint8Array([1, 2, 3]),
  });
  await d.insert(notifications).values({ userId, kind: "certificate_issued", subject: cert.id });
  return { d, cert, userId, attemptId: started.attemptId };
}

describe("a person's data download", () => {
  test("holds every section, their answers and certificates, and never an answer key or a secret", async () => {
    const { d, cert, userId, attemptId } = await richPerson();
    const data = (await collectPersonalData(d, userId))!;
    expect(data.account).toMatchObject({ id: userId, name: "张三丰" });
    expect(data.memberships.map((m) => m.role)).toEqual(["trainee"]);
    expect(data.exams.attempts.map((a) => a.id)).toEqual([attemptId]);
    expect(data.exams.attempts[0]!.answers).toMatchObject([{ part: 0, response: { value: true } }]);
    expect(data.certificates.map((c) => c.serial)).toEqual([cert.serial]);
    expect(data.portfolio.cases[0]).toMatchObject({ title: "某高校专利许可", evidence: [{ fileName: "合同.pdf" }] });
    expect(data.notifications.inbox).toHaveLength(1);
    expect(data.privacy.consents).toHaveLength(1);
    for (const key of ["traineeProfile", "study", "continuingEducation", "sessions", "signInAttempts", "auditEntries"])
      expect(data).toHaveProperty(key);

    const json = JSON.stringify(data);
    // The fixture's explanations and answers live in the question versions' key: none may leak.
    expect(json).not.toContain("第十八条");
    expect(json).not.toContain("explanation");
    expect(json).not.toMatch(/"(key|passwordHash|password_hash|secretHash|secretEncrypted|codeHash)"/);

    const html = personalDataHtml(data, { title: "我的数据", certificates: "证书" }, "zh-CN");
    expect(html).toContain("<h2>证书</h2>");
    expect(html).toContain(cert.serial);
    expect(html).not.toContain("<script");
  });

  test("what people typed is escaped in the readable page", async () => {
    const d = await db();
    const person = await makeUser(d);
    await d.update(users).set({ name: "<img src=x onerror=alert(1)>" }).where(eq(users.id, person.id));
    const html = personalDataHtml((await collectPersonalData(d, person.id))!, {}, "en");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x");
  });
});

describe("classroom attendance in the download", () => {
  test("lists the person's cohorts and every attendance kept, also after leaving the cohort; no check-in key", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = { id: (await makeOrganization(d, region.id)).id, regionId: region.id };
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    const person = await makeUser(d, { role: "trainee", organizationId: center.id });
    const classmate = await makeUser(d, { role: "trainee", organizationId: center.id });
    const cohortOf = async (name: string) => {
      const created = await createCohort(d, staff, center, {
        name,
        levelSlug: "junior",
        startsOn: "2026-12-01",
        endsOn: "2027-01-31",
        capacity: 10,
        instructorIds: [],
      });
      if (!created.ok) throw new Error("cohort");
      await addCohortMembers(d, staff, center, created.cohortId, [person.id, classmate.id]);
      return created.cohortId;
    };
    const session = async (cohortId: string, date: string, place: string) => {
      const outcome = await scheduleClassroomSession(d, staff, center, cohortId, {
        date,
        startTime: "09:00",
        endTime: "11:00",
        place,
        lecturer: "李老师",
        hours: 2,
        topic: "技术合同实务",
        courseSlug: null,
        graceMinutes: 10,
      } as never);
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome.sessionId;
    };
    const stays = await cohortOf(`课堂一期${Math.random()}`);
    const left = await cohortOf(`课堂二期${Math.random()}`);
    const first = await session(stays, "2026-12-10", "305 教室");
    const second = await session(left, "2026-12-12", "201 教室");
    await markAttendance(d, staff, center, stays, first, [
      { userId: person.id, status: "late" },
      { userId: classmate.id, status: "present" },
    ]);
    await markAttendance(d, staff, center, left, second, [{ userId: person.id, status: "absent" }]);
    // Removed from the second cohort: the attendance recorded there is still held, so it is still shown.
    await removeCohortMember(d, staff, center, left, person.id);

    const data = (await collectPersonalData(d, person.id))!;
    expect(data.cohorts.map((c) => c.cohort)).toEqual([expect.stringMatching(/^课堂一期/)]);
    expect(data.classroomAttendance).toMatchObject([
      { place: "305 教室", lecturer: "李老师", status: "late", markedByStaff: true, creditMinutes: 120 },
      { place: "201 教室", status: "absent", markedByStaff: true },
    ]);
    // Only their own rows: the classmate's "present" is not theirs to see.
    expect(data.classroomAttendance).toHaveLength(2);
    expect(JSON.stringify(data)).not.toMatch(/checkInKey|check_in_key/);

    const html = personalDataHtml(data, { classroomAttendance: "课堂考勤" }, "zh-CN");
    expect(html).toContain("<h2>课堂考勤</h2>");
    expect(html).toContain("305 教室");
    expect(html).toContain("late");
  });
});

describe("completing a deletion request", () => {
  test("erases the person in one go, keeps statistics and the certificate verifiable, and is idempotent", async () => {
    const { d, cert, userId } = await richPerson();
    const admin = await makeUser(d, { role: "platform_admin" });
    const [before] = await d.select().from(users).where(eq(users.id, userId));
    await d.insert(emailOutbox).values({ to: before!.email!, subject: "证书", text: "您好 张三丰" });
    await d.insert(signInAttempts).values({ account: before!.email!, ip: "203.0.113.9", succeeded: true });
    await createSession(d, userId);
    const query = parseVerificationQuery(cert.code)!;
    const verifiedBefore = (await findCertificate(d, query))!.view;

    const asked = await requestDeletion(d, userId, "不再需要账号");
    if (!asked.ok) throw new Error("not asked");
    expect(await completeDeletion(d, { requestId: asked.requestId, actorId: admin.id, note: "已核实" })).toEqual({
      ok: true,
      changed: true,
    });

    const [after] = await d.select().from(users).where(eq(users.id, userId));
    expect(after).toMatchObject({ name: ERASED_NAME, email: null, phone: null, passwordHash: null });
    expect(after!.erasedAt).not.toBeNull();
    expect(await d.select().from(sessions).where(eq(sessions.userId, userId))).toEqual([]);
    expect(await d.select().from(notifications).where(eq(notifications.userId, userId))).toEqual([]);
    expect(await d.select().from(emailOutbox).where(eq(emailOutbox.to, before!.email!))).toEqual([]);
    expect(await d.select().from(signInAttempts).where(eq(signInAttempts.account, before!.email!))).toEqual([]);
    const [kase] = await d.select().from(portfolioCases).where(eq(portfolioCases.userId, userId));
    expect(kase).toMatchObject({ title: "—", description: "", status: "submitted" });
    expect(await d.select().from(caseEvidence).where(eq(caseEvidence.caseId, kase!.id))).toEqual([]);
    // Statistics keep the (now anonymous) attempt.
    expect(await d.select().from(examAttempts).where(eq(examAttempts.userId, userId))).toHaveLength(1);
    // The certificate still verifies, showing the masked name it was signed with.
    const verifiedAfter = (await findCertificate(d, query))!.view;
    expect(verifiedAfter.signature.verified).toBe(true);
    expect(verifiedAfter.holderNameMasked).toBe(verifiedBefore.holderNameMasked);
    expect(verifiedAfter.status).toBe(verifiedBefore.status);
    const actions = (await d.select().from(auditLog).where(eq(auditLog.targetId, userId))).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["privacy.deletion_requested", "privacy.deletion_completed", "privacy.erased"]),
    );

    // Again: nothing more happens; a refusal of a completed request is refused.
    expect(await completeDeletion(d, { requestId: asked.requestId, actorId: admin.id })).toEqual({
      ok: true,
      changed: false,
    });
    expect(await refuseDeletion(d, { requestId: asked.requestId, actorId: admin.id })).toMatchObject({
      ok: false,
      message: "privacy.alreadyDecided",
    });
    const erasedEntries = (await d.select().from(auditLog).where(eq(auditLog.targetId, userId))).filter(
      (e) => e.action === "privacy.erased",
    );
    expect(erasedEntries).toHaveLength(1);
  });

  test("a refused request changes nothing about the person", async () => {
    const d = await db();
    const person = await makeUser(d);
    const admin = await makeUser(d, { role: "platform_admin" });
    const asked = await requestDeletion(d, person.id, "试试");
    if (!asked.ok) throw new Error("not asked");
    expect(await refuseDeletion(d, { requestId: asked.requestId, actorId: admin.id, note: "有未结清的考试" })).toEqual({
      ok: true,
      changed: true,
    });
    const [after] = await d.select().from(users).where(eq(users.id, person.id));
    expect(after).toMatchObject({ name: person.name, email: person.email });
  });
});

describe("retention of addresses", () => {
  test("sign-in and forgot-password rows older than the cutoff go, recent ones stay", async () => {
    const d = await db();
    const old = new Date(Date.now() - 200 * 86_400_000);
    const account = `retention-${Date.now()}@example.cn`;
    await d.insert(signInAttempts).values([
      { account, ip: "198.51.100.1", succeeded: false, createdAt: old },
      { account, ip: "198.51.100.2", succeeded: true },
    ]);
    await d.insert(passwordResetRequests).values([
      { account, ip: "198.51.100.3", createdAt: old },
      { account, ip: "198.51.100.4" },
    ]);
    await purgeAddressLogs(d, new Date(Date.now() - 180 * 86_400_000));
    expect((await d.select().from(signInAttempts).where(eq(signInAttempts.account, account))).map((r) => r.ip)).toEqual(
      ["198.51.100.2"],
    );
    expect(
      (await d.select().from(passwordResetRequests).where(eq(passwordResetRequests.account, account))).map((r) => r.ip),
    ).toEqual(["198.51.100.4"]);
  });
});
