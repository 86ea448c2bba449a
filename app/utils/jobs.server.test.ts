import { and, eq, isNull } from "drizzle-orm";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { syncFixtureContent } from "../../tests/setup/content-fixture";
import { at, noneHeld, readyTrainee, t0 } from "../../tests/setup/exam-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../tests/setup/factories";
import { certificates, emailOutbox, examAttempts, notifications } from "#db/schema";
import { issueCertificate, sendExpiryReminders } from "~/modules/certificates/index.server";
import { closeExpiredAttempts, scheduleExamSession, startAttempt } from "~/modules/exams/index.server";
import { DELIVERY_BATCH, deliverPendingEmails, enqueueEmails } from "~/modules/mail/index.server";
import { db } from "~/utils/db.server";
import { sendSessionReminders } from "~/workflows/notify.server";

// Every job may run on two runners at once (two workers; a retry beside a scheduled run; the in-process timer
// beside a nudge). These race two or three runners on one database — PGlite, and PostgreSQL with
// TEST_DATABASE_URL, where each runner has its own connection — and count the effects.

const APP = "https://academy.example.cn";
const FROM = "TM Academy <no-reply@tm-academy.local>";
const folders: string[] = [];

beforeAll(() => syncFixtureContent());
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function mailFolder() {
  const folder = await mkdtemp(path.join(os.tmpdir(), "tma-mail-"));
  folders.push(folder);
  return folder;
}

/** One sender: batch after batch into its own folder, as the mail job does. */
async function drain(dir: string) {
  const d = await db();
  let sent = 0;
  for (;;) {
    const batch = await deliverPendingEmails(d, { dir }, FROM);
    sent += batch.sent;
    if (batch.claimed < DELIVERY_BATCH) return sent;
  }
}

describe("jobs do each thing once with runners racing", () => {
  test("three mail senders at once deliver each of 130 mails exactly once", async () => {
    const d = await db();
    const emails = Array.from({ length: 130 }, (_, i) => ({
      to: `race-${i}@example.cn`,
      subject: `通知 ${i}`,
      text: `第 ${i} 封`,
    }));
    await enqueueEmails(d, emails);
    const dirs = [await mailFolder(), await mailFolder(), await mailFolder()];
    const sent = await Promise.all(dirs.map(drain));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(130);
    const files = (await Promise.all(dirs.map((dir) => readdir(dir)))).flat();
    expect(files).toHaveLength(130);
    expect(new Set(files).size).toBe(130);
    const rows = await d.select().from(emailOutbox);
    const raced = rows.filter((r) => r.to.startsWith("race-"));
    expect(raced.every((r) => r.sentAt && r.attempts === 1 && r.claimedUntil === null)).toBe(true);
    // Nothing is left to send: a fourth run finds nothing.
    expect(await drain(await mailFolder())).toBe(0);
  });

  test("a mail whose sending failed waits (backoff) before it is tried again", async () => {
    const d = await db();
    await enqueueEmails(d, [{ to: "unreachable@example.cn", subject: "重试", text: "稍后重试" }]);
    const missing = path.join(os.tmpdir(), `tma-no-such-folder-${Date.now()}`);
    // Writing the .eml fails: the try is counted and the mail is held back for a minute.
    await deliverPendingEmails(d, { dir: missing }, FROM);
    const [failed] = await d.select().from(emailOutbox).where(eq(emailOutbox.to, "unreachable@example.cn"));
    expect(failed!.attempts).toBe(1);
    expect(failed!.lastError).toBeTruthy();
    expect(failed!.claimedUntil!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect((await deliverPendingEmails(d, { dir: await mailFolder() }, FROM)).claimed).toBe(0);
    // After the backoff it goes out.
    const later = new Date(Date.now() + 2 * 60_000);
    const dir = await mailFolder();
    expect((await deliverPendingEmails(d, { dir }, FROM, later)).sent).toBe(1);
    expect(await readdir(dir)).toHaveLength(1);
  });

  test("two reminder runs at once remind a holder of an expiring certificate once", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const holder = await makeUser(d, { role: "trainee", organizationId: center.id });
    const issued = await issueCertificate(d, {
      userId: holder.id,
      levelSlug: "junior",
      centerId: center.id,
      issuedAt: new Date(),
      issuedBy: null,
    });
    const soon = new Date(Date.now() + 30 * 86_400_000);
    await d.update(certificates).set({ expiresAt: soon }).where(eq(certificates.id, issued.certificateId));
    const counts = await Promise.all([sendExpiryReminders(d, APP), sendExpiryReminders(d, APP)]);
    expect(counts.sort()).toEqual([0, 1]);
    expect(await d.select().from(emailOutbox).where(eq(emailOutbox.to, holder.email!))).toHaveLength(1);
  });

  test("two exam-session reminder runs at once remind each candidate once", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const org = await makeOrganization(d, region.id);
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: org.id })).id);
    const candidates = [
      await makeUser(d, { role: "trainee", organizationId: org.id }),
      await makeUser(d, { role: "trainee", organizationId: org.id }),
    ];
    const opens = new Date("2026-12-10T01:00:00Z");
    const scheduled = await scheduleExamSession(
      d,
      staff,
      { id: org.id, regionId: region.id },
      {
        levelSlug: "junior",
        name: "初级第一场",
        location: "太原 301",
        opensAt: opens,
        closesAt: new Date("2026-12-10T03:00:00Z"),
        cohortId: null,
        traineeIds: candidates.map((c) => c.id),
      },
      new Date("2026-12-01T00:00:00Z"),
    );
    if (!scheduled.ok) throw new Error("not scheduled");
    const now = new Date(opens.getTime() - 23 * 3_600_000);
    await Promise.all([sendSessionReminders(d, APP, now), sendSessionReminders(d, APP, now)]);
    for (const candidate of candidates) {
      const reminders = await d
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, candidate.id), eq(notifications.kind, "session_reminder")));
      expect(reminders).toHaveLength(1);
      expect(await d.select().from(emailOutbox).where(eq(emailOutbox.to, candidate.email!))).toHaveLength(1);
    }
  });

  test("two sweeps at once close and grade an expired attempt once", async () => {
    const { d, trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!started.ok) throw new Error("not started");
    const [first, second] = await Promise.all([closeExpiredAttempts(d, at(61)), closeExpiredAttempts(d, at(61))]);
    const mine = [...first!, ...second!].filter((g) => g.attemptId === started.attemptId);
    expect(mine).toHaveLength(1);
    const open = await d
      .select()
      .from(examAttempts)
      .where(and(eq(examAttempts.id, started.attemptId), isNull(examAttempts.closedAt)));
    expect(open).toHaveLength(0);
  });
});
