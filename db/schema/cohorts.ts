import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./auth";
import { levels } from "./content";
import { organizations } from "./orgs";

/** A cohort (期/班) a training center runs for one level. */
export const cohorts = pgTable(
  "cohorts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    centerId: uuid("center_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    name: varchar("name", { length: 100 }).notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    capacity: integer("capacity").notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("cohorts_center_name_unique").on(t.centerId, t.name),
    index("cohorts_center_idx").on(t.centerId, t.startsOn),
    check("cohorts_dates_ordered", sql`${t.endsOn} >= ${t.startsOn}`),
    check("cohorts_capacity_positive", sql`${t.capacity} > 0`),
  ],
);
export type Cohort = typeof cohorts.$inferSelect;

/** Staff of the center who teach the cohort. */
export const cohortInstructors = pgTable(
  "cohort_instructors",
  {
    cohortId: uuid("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] })],
);

export const cohortMembers = pgTable(
  "cohort_members",
  {
    cohortId: uuid("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    addedBy: uuid("added_by").references(() => users.id, { onDelete: "set null" }),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.userId] }),
    // A trainee's cohorts, for their dashboard and exam-session eligibility.
    index("cohort_members_user_idx").on(t.userId),
  ],
);
