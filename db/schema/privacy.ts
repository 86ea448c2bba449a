import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./auth";

export const consentSource = pgEnum("consent_source", ["signup", "import", "prompt"]);

/**
 * Each time a person agreed to a version of the privacy notice (docs/privacy.md): at sign-up, on the page that
 * asks again after a new version, or — for accounts made by a center's import — staff confirming the trainees
 * were informed (`recordedBy`). Kept after an erasure as the proof of consent.
 */
export const privacyConsents = pgTable(
  "privacy_consents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    version: varchar("version", { length: 32 }).notNull(),
    source: consentSource("source").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("privacy_consents_user_idx").on(t.userId, t.version)],
);
export type PrivacyConsent = typeof privacyConsents.$inferSelect;

export const privacyRequestStatus = pgEnum("privacy_request_status", ["open", "completed", "refused"]);

/** A person's request to erase their personal data, decided by a platform admin. */
export const privacyRequests = pgTable(
  "privacy_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    status: privacyRequestStatus("status").notNull().default("open"),
    note: text("note"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // One open request per person at a time.
    uniqueIndex("privacy_requests_one_open")
      .on(t.userId)
      .where(sql`${t.status} = 'open'`),
    index("privacy_requests_status_idx").on(t.status, t.createdAt),
  ],
);
export type PrivacyRequest = typeof privacyRequests.$inferSelect;
