import { asc, desc, eq, isNull, lt, and } from "drizzle-orm";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { DbOrTx } from "#db/client";
import { emailOutbox, type MailAttachment } from "#db/schema";
import { insertColumns } from "~/utils/bulk-insert.server";

export interface Email {
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

/** Mail is written to the outbox in the caller's transaction; delivery happens later. */
export async function enqueueEmail(db: DbOrTx, email: Email) {
  await db.insert(emailOutbox).values(email);
}

/** Many mails in one statement (an import inviting thousands), in the caller's transaction. */
export async function enqueueEmails(db: DbOrTx, emails: readonly Email[]) {
  await insertColumns(db, emailOutbox, [
    { name: emailOutbox.to.name, type: "text", values: emails.map((m) => m.to) },
    { name: emailOutbox.subject.name, type: "text", values: emails.map((m) => m.subject) },
    { name: emailOutbox.text.name, type: "text", values: emails.map((m) => m.text) },
  ]);
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

/** Where mail goes: an SMTP server, or a folder of .eml files (development and the browser tests). */
export type MailTarget = { smtpUrl: string } | { dir: string };

function transportFor(target: MailTarget) {
  if ("smtpUrl" in target) return { transport: nodemailer.createTransport(target.smtpUrl), dir: null };
  return {
    transport: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }),
    dir: target.dir,
  };
}

/** Sends what is waiting. Several app copies may run this: at worst a mail goes twice. */
export async function deliverPendingEmails(db: DbOrTx, target: MailTarget, from: string) {
  const { transport, dir } = transportFor(target);
  const pending = await db
    .select()
    .from(emailOutbox)
    .where(and(isNull(emailOutbox.sentAt), lt(emailOutbox.attempts, MAX_DELIVERY_ATTEMPTS)))
    .orderBy(asc(emailOutbox.createdAt))
    .limit(50);
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
        .set({ sentAt: new Date(), attempts: mail.attempts + 1, lastError: null })
        .where(eq(emailOutbox.id, mail.id));
      sent++;
    } catch (error) {
      await db
        .update(emailOutbox)
        .set({ attempts: mail.attempts + 1, lastError: String(error).slice(0, 500) })
        .where(eq(emailOutbox.id, mail.id));
    }
  }
  return sent;
}
