import {
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./auth";

/**
 * A person's inbox. Each row is one event for one person; the unique key (user, kind, subject, occurrence)
 * makes delivery a database-claimed insert, so a retry or a second app copy adds nothing (docs/notifications.md).
 * The text is rendered when it is read, in the reader's language, from `kind` and `params`.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: varchar("kind", { length: 40 }).notNull(),
    /** What it is about: an exam session, a certificate, a cohort… (an id or another stable key). */
    subject: varchar("subject", { length: 100 }).notNull(),
    /** Tells repeated events about one subject apart (a session changed twice, a reminder 24 h or 1 h before). */
    occurrence: varchar("occurrence", { length: 100 }).notNull().default(""),
    params: jsonb("params").$type<Record<string, string>>().notNull().default({}),
    /** A path inside the app (never a full URL: links in e-mails are made from APP_URL). */
    link: text("link"),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("notifications_once").on(t.userId, t.kind, t.subject, t.occurrence),
    index("notifications_inbox_idx").on(t.userId, t.createdAt),
  ],
);
export type Notification = typeof notifications.$inferSelect;

/** E-mail on or off per person and kind; no row means on. The inbox always gets every notification. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: varchar("kind", { length: 40 }).notNull(),
    email: boolean("email").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);
