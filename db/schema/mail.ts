import { index, integer, jsonb, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** Every e-mail is written here first; a sender delivers it when SMTP_URL is set. */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: varchar("to", { length: 254 }).notNull(),
    subject: varchar("subject", { length: 300 }).notNull(),
    text: text("text").notNull(),
    /** Files sent with the mail (an exam session's .ics), small text only. */
    attachments: jsonb("attachments").$type<MailAttachment[]>(),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** A sender's claim on the mail while it sends it; others skip it until then (once across app copies). */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
  },
  (t) => [index("email_outbox_created_idx").on(t.createdAt)],
);
export type OutboxEmail = typeof emailOutbox.$inferSelect;
