import { seedHistory } from "~/demo/history.server";
import { demoAccounts, DEMO_PASSWORD, hasDemoAccounts, isDatabaseEmpty, seedDemo } from "~/demo/seed.server";
import { purgeAddressLogs } from "~/modules/auth/index.server";
import { formatProblem, loadContent, syncContent } from "~/modules/content/index.server";
import { pdfRenderer, renderCertificatePdfs, sendExpiryReminders } from "~/modules/certificates/index.server";
import { closeExpiredAttempts, purgeIntegrityEvents } from "~/modules/exams/index.server";
import { issueAfterGrading } from "~/workflows/certification.server";
import { sendSessionReminders } from "~/workflows/notify.server";
import { DELIVERY_BATCH, deliverPendingEmails } from "~/modules/mail/index.server";
import { flushCheckLog } from "~/modules/verification/index.server";
import { connect, disconnect } from "./db.server";
import { env, publicUrl } from "./env.server";

/**
 * Runs once when the server starts: checks the environment, opens the database (migrations run
 * there) and loads the demo on an empty database. Returns lines for the console.
 */
export async function boot(): Promise<string[]> {
  const config = env();
  const database = await connect();
  const lines = [
    `database: ${database.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${config.DATA_DIR}`}`,
  ];
  // The curriculum in content/ is loaded at every start; invalid content stops the start.
  const { content, problems } = await loadContent();
  if (!content)
    throw new Error(`content/ has problems (npm run content:check):\n${problems.map(formatProblem).join("\n")}`);
  const synced = await syncContent(database.db, content);
  lines.push(
    `content: ${content.courses.length} courses, ${content.questionTopics.reduce((n, t) => n + t.questions.length, 0)} questions; added ${synced.added.length}, changed ${synced.changed.length}, retired ${synced.retired.length}`,
  );
  if (config.SEED_DEMO === "true") {
    if (await isDatabaseEmpty(database.db)) {
      await seedDemo(database.db);
      lines.push("demo data loaded into the empty database.");
    }
    if ((await hasDemoAccounts(database.db)) && (await seedHistory(database.db)).loaded)
      lines.push("demo history loaded (Taiyuan since 2020: 496 trained).");
    if (await hasDemoAccounts(database.db)) {
      lines.push(`Demo accounts (password for all: ${DEMO_PASSWORD}):`);
      for (const account of demoAccounts)
        lines.push(`  ${account.role.padEnd(15)} ${account.email}${account.phone ? ` / ${account.phone}` : ""}`);
    }
  }
  return lines;
}

/**
 * Delivers the outbox when SMTP_URL (or, without it, MAIL_DIR) is set, batch after batch until nothing is left
 * to claim; run by the mail job (app/utils/jobs.server.ts). Returns how many mails went out.
 */
export async function deliverMail(): Promise<number> {
  const config = env();
  const target = config.SMTP_URL ? { smtpUrl: config.SMTP_URL } : config.MAIL_DIR ? { dir: config.MAIL_DIR } : null;
  if (!target) return 0;
  const database = await connect();
  let sent = 0;
  for (;;) {
    const batch = await deliverPendingEmails(database.db, target, config.MAIL_FROM);
    sent += batch.sent;
    if (batch.claimed < DELIVERY_BATCH) return sent;
  }
}

/** Reminds holders of certificates about to expire (once each); called on a timer by the server. */
export async function remindExpiringCertificates(): Promise<number> {
  const database = await connect();
  return sendExpiryReminders(database.db, publicUrl());
}

/** Renders and keeps the certificate PDFs that cohort ZIPs wait for, and those of certificates just issued. */
export async function renderKeptCertificatePdfs(): Promise<{ runs: number; recent: number }> {
  const database = await connect();
  return renderCertificatePdfs(database.db, pdfRenderer());
}

/** Reminds candidates 24 h and 1 h before their exam session opens (once each, claimed in the database). */
export async function remindExamSessions(): Promise<number> {
  const database = await connect();
  return sendSessionReminders(database.db, publicUrl());
}

/**
 * Closes and grades attempts left open past their deadline; called on a timer by the server. A pass may
 * complete a level: its certificate is issued once the grade is committed.
 */
export async function sweepAttempts(): Promise<number> {
  const database = await connect();
  const graded = await closeExpiredAttempts(database.db);
  for (const attempt of graded) await issueAfterGrading(database.db, attempt);
  return graded.length;
}

/**
 * Retention (ACCESS_LOG_RETENTION_DAYS, docs/privacy.md): deletes the sign-in and forgot-password log rows, the
 * only records of IP addresses, older than the configured days. Called at start and daily by the server.
 */
export async function purgeOldAddresses(now = new Date()): Promise<number> {
  const database = await connect();
  return purgeAddressLogs(database.db, new Date(now.getTime() - env().ACCESS_LOG_RETENTION_DAYS * 86_400_000));
}

/**
 * Retention (EXAM_EVENT_RETENTION_DAYS, docs/exam-integrity.md): deletes exam integrity events older than the
 * configured days, and the last address of attempts closed before then. Called at start and daily by the server.
 */
export async function purgeOldIntegrityEvents(now = new Date()): Promise<number> {
  const database = await connect();
  return purgeIntegrityEvents(database.db, new Date(now.getTime() - env().EXAM_EVENT_RETENTION_DAYS * 86_400_000));
}

export async function shutdown() {
  // The verification API logs checks without waiting; let the last writes land before closing.
  await flushCheckLog();
  await disconnect();
}
