import { and, asc, desc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { DbOrTx } from "#db/client";
import { emailOutbox, type MailAttachment } from "#db/schema";
import { enqueueJob } from "~/modules/jobs/index.server";
import { insertColumns } from "~/utils/bulk-insert.server";

/** The job that delivers the outbox (app/utils/jobs.server.ts runs it; queueing a mail asks for a run). */
export const MAIL_DELIVERY_JOB = "mail-delivery";

export interface Email {
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

/** Mail is written to the outbox in the caller's transaction; delivery happens later. */
export async function enqueueEmail(db: DbOrTx, email: Email) {
  await db.insert(emailOutbox).values(email);
  enqueueJob(MAIL_DELIVERY_JOB);
}

/** Many mails in one statement (an import inviting thousands), in the caller's transaction. */
export async function enqueueEmails(db: DbOrTx, emails: readonly Email[]) {
  await insertColumns(db, emailOutbox, [
    { name: emailOutbox.to.name, type: "text", values: emails.map((m) => m.to) },
    { name: emailOutbox.subject.name, type: "text", values: emails.map((m) => m.subject) },
    { name: emailOutbox.text.name, type: "text", values: emails.map((m) => m.text) },
  ]);
  if (emails.length) enqueueJob(MAIL_DELIVERY_JOB);
}

/**
 * The outbox as platform admins read it: a one-time link's token is masked (its first 4 characters kept to
 * tell links apart), so reading the outbox cannot take over the account it was sent to (finding 12).
 */
export async function listOutbox(db: DbOrTx, limit = 100) {
  const rows = await db.select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt)).limit(limit);
  return rows.map((row) => ({ ...row, text: maskLinkTokens(row.text) }));
}

/** `/reset-password/<token>` → `/reset-password/abcd…` (the only links that carry a secret). */
export function maskLinkTokens(text: string): string {
  return text.replace(/(\/reset-password\/)([A-Za-z0-9_-]{4})[A-Za-z0-9_-]+/g, "$1$2…");
}

const MAX_DELIVERY_ATTEMPTS = 5;
/** Mails claimed per run. */
export const DELIVERY_BATCH = 50;
/** How long a sender's claim holds: long enough to send a batch; a sender that died frees its mails after it. */
const CLAIM_MS = 5 * 60_000;
/** After a failed try the mail waits 1, 2, 4, 8 minutes before the next. */
const retryDelayMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1);

/** Where mail goes: an SMTP server, or a folder of .eml files (development and the browser tests). */
export type MailTarget = { smtpUrl: string } | { dir: string };

function transportFor(target: MailTarget) {
  if ("smtpUrl" in target) return { transport: nodemailer.createTransport(target.smtpUrl), dir: null };
  return {
    transport: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }),
    dir: target.dir,
  };
}

/**
 * Sends what is waiting; returns how many mails it claimed and how many went out. Several senders may run at once
 * (workers, app copies, a retry beside a scheduled run): each mail is first claimed in one statement (FOR UPDATE SKIP
 * LOCKED, then claimed_until set), so no two senders take the same mail. Only a sender that dies after the SMTP
 * server accepted a mail and before recording it leaves the mail to be sent again once its claim lapses.
 */
export async function deliverPendingEmails(db: DbOrTx, target: MailTarget, from: string, now = new Date()) {
  const { transport, dir } = transportFor(target);
  const claimable = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(
        isNull(emailOutbox.sentAt),
        lt(emailOutbox.attempts, MAX_DELIVERY_ATTEMPTS),
        or(isNull(emailOutbox.claimedUntil), lt(emailOutbox.claimedUntil, now)),
      ),
    )
    .orderBy(asc(emailOutbox.createdAt))
    .limit(DELIVERY_BATCH)
    .for("update", { skipLocked: true });
  const pending = await db
    .update(emailOutbox)
    .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS) })
    .where(inArray(emailOutbox.id, claimable))
    .returning();
  pending.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  let sent = 0;
  for (const mail of pending) {
    try {
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        attachments: mail.attachments ?? undefined,
        // Files are read by people and scripts: links stay legible in quoted-printable.
        ...(dir ? { textEncoding: "quoted-printable" as const } : {}),
      });
      if (dir) await writeFile(path.join(dir, `${mail.id}.eml`), (info as { message: Buffer }).message);
      await db
        .update(emailOutbox)
        .set({ sentAt: new Date(), attempts: mail.attempts + 1, lastError: null, claimedUntil: null })
        .where(eq(emailOutbox.id, mail.id));
      sent++;
    } catch (error) {
      // The claim becomes the time of the next try (backoff).
      await db
        .update(emailOutbox)
        .set({
          attempts: mail.attempts + 1,
          lastError: String(error).slice(0, 500),
          claimedUntil: new Date(Date.now() + retryDelayMs(mail.attempts + 1)),
        })
        .where(eq(emailOutbox.id, mail.id));
    }
  }
  return { claimed: pending.length, sent };
}
