import { index, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./auth";
import { organizations } from "./orgs";

/** What a trainee told their center about their work (from sign-up or a bulk enrolment). */
export const traineeProfiles = pgTable("trainee_profiles", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  employer: varchar("employer", { length: 200 }),
  jobTitle: varchar("job_title", { length: 100 }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A trainee moved from one center to another; the history stays. */
export const traineeTransfers = pgTable(
  "trainee_transfers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    fromCenterId: uuid("from_center_id").references(() => organizations.id, { onDelete: "set null" }),
    toCenterId: uuid("to_center_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    reason: text("reason"),
    transferredBy: uuid("transferred_by").references(() => users.id, { onDelete: "set null" }),
    transferredAt: createdAt(),
  },
  (t) => [index("trainee_transfers_user_idx").on(t.userId), index("trainee_transfers_from_idx").on(t.fromCenterId)],
);

/** A committed bulk enrolment: which file, into which cohort, and what it did. */
export const enrolmentImports = pgTable(
  "enrolment_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    centerId: uuid("center_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    cohortId: uuid("cohort_id"),
    fileName: varchar("file_name", { length: 255 }).notNull(),
    fileSha256: varchar("file_sha256", { length: 64 }).notNull(),
    rows: text("rows_summary").notNull(),
    importedBy: uuid("imported_by").references(() => users.id, { onDelete: "set null" }),
    importedAt: createdAt(),
  },
  (t) => [index("enrolment_imports_center_idx").on(t.centerId)],
);
