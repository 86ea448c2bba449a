import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { bytea, createdAt } from "./columns";
import { users } from "./auth";
import { courses, levels } from "./content";
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

/**
 * An in-person classroom session (课堂) of a cohort: when, where, who teaches, how many study hours it is worth.
 * `checkInKey` signs the rotating check-in codes; it never leaves the server.
 */
export const classroomSessions = pgTable(
  "classroom_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    cohortId: uuid("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    place: varchar("place", { length: 200 }).notNull(),
    lecturer: varchar("lecturer", { length: 100 }).notNull(),
    // Study hours the session is worth, in minutes (hours with one decimal in the form).
    creditMinutes: integer("credit_minutes").notNull(),
    topic: text("topic"),
    courseSlug: varchar("course_slug", { length: 80 }).references(() => courses.slug, { onDelete: "set null" }),
    // Minutes after the start a check-in still counts as on time.
    graceMinutes: integer("grace_minutes").notNull().default(10),
    checkInKey: bytea("check_in_key").notNull(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("classroom_sessions_cohort_idx").on(t.cohortId, t.startsAt),
    check("classroom_sessions_time_ordered", sql`${t.endsAt} > ${t.startsAt}`),
    check("classroom_sessions_credit_range", sql`${t.creditMinutes} >= 0 and ${t.creditMinutes} <= 1440`),
    check("classroom_sessions_grace_range", sql`${t.graceMinutes} >= 0 and ${t.graceMinutes} <= 240`),
  ],
);
export type ClassroomSession = typeof classroomSessions.$inferSelect;

export const attendanceStatus = pgEnum("attendance_status", ["present", "late", "absent", "excused"]);

/** One row per member and session once they checked in or staff marked them; no row = not recorded yet. */
export const classroomAttendance = pgTable(
  "classroom_attendance",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => classroomSessions.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: attendanceStatus("status").notNull(),
    // When the trainee scanned the code; null when only staff marked them.
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }),
    markedBy: uuid("marked_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.userId] }),
    // A trainee's attended hours per level, for their study hours.
    index("classroom_attendance_user_idx").on(t.userId),
  ],
);
