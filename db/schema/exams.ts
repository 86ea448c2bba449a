import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
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
import { cohorts } from "./cohorts";
import { levels } from "./content";
import { organizations } from "./orgs";

export const attemptStatus = pgEnum("attempt_status", ["open", "submitted", "expired"]);

/**
 * One sitting. `items` is the frozen snapshot: the question versions drawn and the order their options
 * are shown in. The deadline is the server's; nothing the browser sends moves it.
 */
export const examAttempts = pgTable(
  "exam_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    status: attemptStatus("status").notNull().default("open"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    deadlineAt: timestamp("deadline_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    items: jsonb("items")
      .$type<{ questionId: string; versionId: string; section: number; optionOrders: number[][] }[]>()
      .notNull(),
    maxTenths: integer("max_tenths").notNull(),
    scoreTenths: integer("score_tenths"),
    pendingEssays: integer("pending_essays").notNull().default(0),
    passed: boolean("passed"),
    gradedAt: timestamp("graded_at", { withTimezone: true }),
    // The session it was started in, and the window close that caps its deadline (also when extra
    // time is granted later) and before which no review is shown.
    sessionId: uuid("session_id").references(() => examSessions.id, { onDelete: "set null" }),
    windowClosesAt: timestamp("window_closes_at", { withTimezone: true }),
    // Questions the candidate flagged (标记) to come back to, by item index: kept with the attempt so a
    // reload or another device shows them.
    flagged: integer("flagged")
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
  },
  (t) => [
    // One open attempt per person and exam, held by the database whatever the timing of requests.
    uniqueIndex("exam_attempts_one_open")
      .on(t.userId, t.levelSlug)
      .where(sql`${t.status} = 'open'`),
    index("exam_attempts_user_idx").on(t.userId, t.levelSlug, t.startedAt),
    // The sweep finds open attempts past their deadline.
    index("exam_attempts_open_deadline_idx")
      .on(t.deadlineAt)
      .where(sql`${t.status} = 'open'`),
  ],
);

/** The last saved answer of each question part; `seq` makes saves idempotent and ordered. */
export const attemptAnswers = pgTable(
  "attempt_answers",
  {
    attemptId: uuid("attempt_id")
      .notNull()
      .references(() => examAttempts.id, { onDelete: "cascade" }),
    item: integer("item").notNull(),
    part: integer("part").notNull(),
    response: jsonb("response"),
    seq: integer("seq").notNull(),
    savedAt: timestamp("saved_at", { withTimezone: true }).notNull(),
    pointsTenths: integer("points_tenths"),
    // Set when a person graded it (essays): who, when, and the comment the trainee sees.
    gradedBy: uuid("graded_by").references(() => users.id, { onDelete: "set null" }),
    gradedAt: timestamp("graded_at", { withTimezone: true }),
    comment: text("comment"),
  },
  (t) => [
    primaryKey({ columns: [t.attemptId, t.item, t.part] }),
    // The grading queue: answers of closed attempts still without points.
    index("attempt_answers_ungraded_idx")
      .on(t.attemptId)
      .where(sql`${t.pointsTenths} is null`),
  ],
);

/** Extra time and extra attempts a center grants one trainee for one level's exam. */
export const examAccommodations = pgTable(
  "exam_accommodations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    extraMinutes: integer("extra_minutes").notNull().default(0),
    extraAttempts: integer("extra_attempts").notNull().default(0),
    grantedBy: uuid("granted_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("exam_accommodations_unique").on(t.userId, t.levelSlug)],
);

/** Exam parameters a platform admin has adjusted in the app; they take precedence over levels.yaml. */
export const examSettings = pgTable("exam_settings", {
  levelSlug: varchar("level_slug", { length: 32 })
    .primaryKey()
    .references(() => levels.slug),
  durationMinutes: integer("duration_minutes").notNull(),
  passPercent: integer("pass_percent").notNull(),
  attemptLimit: integer("attempt_limit").notNull(),
  waitHoursBetweenAttempts: integer("wait_hours_between_attempts").notNull(),
  review: varchar("review", { length: 32 }).notNull(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * An exam sitting a center schedules: for a whole cohort, or for named trainees. Its window bounds when
 * candidates may start and when their attempts end; reviews open after it closes.
 */
export const examSessions = pgTable(
  "exam_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    centerId: uuid("center_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    cohortId: uuid("cohort_id").references(() => cohorts.id, { onDelete: "cascade" }),
    name: varchar("name", { length: 100 }).notNull(),
    location: text("location"),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("exam_sessions_center_idx").on(t.centerId, t.opensAt),
    index("exam_sessions_cohort_idx").on(t.cohortId),
    check("exam_sessions_window_ordered", sql`${t.closesAt} > ${t.opensAt}`),
  ],
);
export type ExamSession = typeof examSessions.$inferSelect;

/** Named candidates of a session that is not for a whole cohort. */
export const examSessionCandidates = pgTable(
  "exam_session_candidates",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => examSessions.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index("exam_session_candidates_user_idx").on(t.userId)],
);
