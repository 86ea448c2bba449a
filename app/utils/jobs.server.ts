import { type JobDefinition, startJobs, stopJobs } from "~/modules/jobs/index.server";
import { MAIL_DELIVERY_JOB } from "~/modules/mail/index.server";
import { CERTIFICATE_PDF_JOB } from "~/modules/certificates/index.server";
import { ITEM_STATS_JOB, refreshItemStatistics } from "~/modules/exams/index.server";
import { refreshStatistics } from "~/modules/statistics/index.server";
import { db } from "./db.server";
import {
  deliverMail,
  purgeOldAddresses,
  purgeOldIntegrityEvents,
  remindExamSessions,
  remindExpiringCertificates,
  renderKeptCertificatePdfs,
  sweepAttempts,
} from "./boot.server";
import type { Env } from "./env.server";

/**
 * The application's jobs. Each claims its effects in the database, so two runners racing do each thing once:
 * mail by its claim (mail/service.server.ts), the sweep by closing only open attempts, certificate reminders by
 * setting reminder_sent_at in the same UPDATE that finds them, exam-session reminders by the notification's unique
 * key; the retention deletes are the same whoever runs them.
 */
export function jobDefinitions(config: Pick<Env, "MAIL_POLL_SECONDS">): JobDefinition[] {
  return [
    {
      // Also asked for whenever a mail is queued (mail's enqueueEmail), so mail rarely waits for the schedule.
      name: MAIL_DELIVERY_JOB,
      run: deliverMail,
      cron: "* * * * *",
      everySeconds: config.MAIL_POLL_SECONDS,
      atStart: true,
      retryLimit: 5,
    },
    {
      // Exam attempts whose deadline passed while nobody looked are closed and graded within a minute.
      name: "attempt-sweep",
      run: sweepAttempts,
      cron: "* * * * *",
      everySeconds: 60,
    },
    {
      // Holders of certificates about to expire get one reminder each; checked hourly.
      name: "certificate-reminders",
      run: remindExpiringCertificates,
      cron: "7 * * * *",
      everySeconds: 3600,
    },
    {
      // Cohort ZIPs asked for (progress on their page; startCohortZip asks for a run at once), then a few PDFs of
      // certificates issued in the last hour. The schedule also picks up what a stopped worker left.
      name: CERTIFICATE_PDF_JOB,
      run: async () => {
        await renderKeptCertificatePdfs();
      },
      cron: "* * * * *",
      everySeconds: 60,
      retryLimit: 2,
    },
    {
      // Exam-session reminders, 24 h and 1 h before a session opens.
      name: "exam-session-reminders",
      run: remindExamSessions,
      cron: "*/5 * * * *",
      everySeconds: 300,
    },
    {
      // IP addresses older than ACCESS_LOG_RETENTION_DAYS (docs/privacy.md) and exam integrity events older than
      // EXAM_EVENT_RETENTION_DAYS (docs/exam-integrity.md) are deleted at start and then daily.
      name: "retention",
      run: async () => {
        const [addresses, events] = await Promise.allSettled([purgeOldAddresses(), purgeOldIntegrityEvents()]);
        const failed = [addresses, events].find((r) => r.status === "rejected");
        if (failed) throw failed.reason;
      },
      cron: "30 3 * * *",
      everySeconds: 86_400,
      atStart: true,
    },
    {
      // Item statistics (docs/statistics.md): newly graded attempts folded in, every level's figures recomputed;
      // hourly, at start, and when someone presses "重新计算" on /manage/exam-stats.
      name: ITEM_STATS_JOB,
      run: async () => refreshItemStatistics(await db()),
      cron: "20 * * * *",
      everySeconds: 3600,
      atStart: true,
    },
    {
      // The national statistics summary, rebuilt once it is older than its maximum age, so that the first page
      // view after a quiet spell does not wait for the rebuild.
      name: "statistics-refresh",
      run: async () => refreshStatistics(await db(), { onlyIfStale: true }),
      cron: "*/5 * * * *",
      everySeconds: 300,
    },
  ];
}

/**
 * Starts this copy's part of the jobs by APP_ROLE: web only queues them, worker and all run them. On PostgreSQL
 * they go through pg-boss (schema "pgboss", created here); on the embedded database through timers in this process.
 */
export async function startAppJobs(config: Pick<Env, "APP_ROLE" | "DATABASE_URL" | "MAIL_POLL_SECONDS">) {
  const mode = await startJobs({
    definitions: jobDefinitions(config),
    databaseUrl: config.DATABASE_URL,
    work: config.APP_ROLE !== "web",
  });
  const where = mode === "pg-boss" ? "PostgreSQL queue (pg-boss)" : "timers in this process";
  return `jobs: ${config.APP_ROLE === "web" ? "queued only (web copy)" : "run here"}, ${where}`;
}

export { stopJobs };
