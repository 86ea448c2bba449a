import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { examSessions } from "./cohorts";
import { levels } from "./learning";

/** A topic file of the bank: content/questions/<level>/<topic>.yaml. */
export const questionTopics = pgTable(
  "question_topics",
  {
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    topic: varchar("topic", { length: 80 }).notNull(),
    module: varchar("module", { length: 16 }).notNull(),
    titleZh: text("title_zh").notNull(),
    titleEn: text("title_en").notNull(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.levelSlug, t.topic] })],
);

/** A question's identity (level + topic + id in its file) outlives its versions. */
export const questions = pgTable(
  "questions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    topic: varchar("topic", { length: 80 }).notNull(),
    externalId: varchar("external_id", { length: 80 }).notNull(),
    module: varchar("module", { length: 16 }).notNull(),
    currentVersion: integer("current_version").notNull(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("questions_identity_unique").on(t.levelSlug, t.topic, t.externalId),
    // Exam sections draw by level, module and topic.
    index("questions_draw_idx").on(t.levelSlug, t.module, t.topic),
  ],
);

/**
 * One version of a question as it was shown. `content` is what a candidate may see (stem, options,
 * scenario, part stems); `key` holds the answers, rubrics and explanations and never leaves the server
 * before grading.
 */
export const questionVersions = pgTable(
  "question_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    questionId: uuid("question_id")
      .notNull()
      .references(() => questions.id),
    version: integer("version").notNull(),
    type: varchar("type", { length: 16 }).notNull(),
    difficulty: integer("difficulty").notNull(),
    // Tenths of a point, so partial credit (e.g. 1.5) stays an integer.
    pointsTenths: integer("points_tenths").notNull(),
    content: jsonb("content").notNull(),
    key: jsonb("key").notNull(),
    contentHash: varchar("content_hash", { length: 64 }).notNull(),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("question_versions_unique").on(t.questionId, t.version)],
);

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
    items: jsonb("items").$type<{ questionId: string; versionId: string; section: number; optionOrders: number[][] }[]>().notNull(),
    maxTenths: integer("max_tenths").notNull(),
    scoreTenths: integer("score_tenths"),
    pendingEssays: integer("pending_essays").notNull().default(0),
    passed: boolean("passed"),
    gradedAt: timestamp("graded_at", { withTimezone: true }),
    // The session it was started in, and the window close that caps its deadline (also when extra
    // time is granted later) and before which no review is shown.
    sessionId: uuid("session_id").references(() => examSessions.id, { onDelete: "set null" }),
    windowClosesAt: timestamp("window_closes_at", { withTimezone: true }),
  },
  (t) => [
    // One open attempt per person and exam, held by the database whatever the timing of requests.
    uniqueIndex("exam_attempts_one_open").on(t.userId, t.levelSlug).where(sql`${t.status} = 'open'`),
    index("exam_attempts_user_idx").on(t.userId, t.levelSlug, t.startedAt),
    // The sweep finds open attempts past their deadline.
    index("exam_attempts_open_deadline_idx").on(t.deadlineAt).where(sql`${t.status} = 'open'`),
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
    index("attempt_answers_ungraded_idx").on(t.attemptId).where(sql`${t.pointsTenths} is null`),
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
