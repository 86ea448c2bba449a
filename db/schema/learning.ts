import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./auth";
import { courses, lessons, levels } from "./content";
import { organizations } from "./orgs";

export const enrolments = pgTable(
  "enrolments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id),
    createdAt: createdAt(),
  },
  // Enrolling twice is a no-op.
  (t) => [uniqueIndex("enrolments_unique").on(t.userId, t.courseId)],
);

export const lessonProgress = pgTable(
  "lesson_progress",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lessonId: uuid("lesson_id")
      .notNull()
      .references(() => lessons.id),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    lastVisitedAt: timestamp("last_visited_at", { withTimezone: true }).notNull().defaultNow(),
    // The server's clock for the last accepted heartbeat (or the page view): heartbeats can claim
    // no more time than has passed since.
    lastBeatAt: timestamp("last_beat_at", { withTimezone: true }).notNull().defaultNow(),
    secondsSpent: integer("seconds_spent").notNull().default(0),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    // Which self-check questions (by position) the trainee has answered, right or wrong: the lesson
    // completion rule of levels.yaml may ask for all of them.
    selfCheckAnswered: integer("self_check_answered")
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
  },
  (t) => [
    uniqueIndex("lesson_progress_unique").on(t.userId, t.lessonId),
    // "Continue where I stopped": the latest visit of a person.
    index("lesson_progress_user_visit_idx").on(t.userId, t.lastVisitedAt),
    check("lesson_progress_seconds_nonnegative", sql`${t.secondsSpent} >= 0`),
  ],
);

/** Until certificates exist, center staff record an equivalent prior qualification for a level. */
export const priorQualifications = pgTable(
  "prior_qualifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    centerId: uuid("center_id")
      .notNull()
      .references(() => organizations.id),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    note: varchar("note", { length: 500 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("prior_qualifications_unique").on(t.userId, t.levelSlug)],
);
