import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
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
    // The version of the level's rules (blueprint, pass mark, review policy) it was started under; null for
    // attempts from before versions were kept (they follow the current rules).
    levelVersion: integer("level_version"),
    // Questions the candidate flagged (标记) to come back to, by item index: kept with the attempt so a
    // reload or another device shows them.
    flagged: integer("flagged")
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    // Exam integrity (docs/exam-integrity.md). The browser the attempt is bound to: SHA-256 of the random
    // device token in its httpOnly cookie; saves from any other browser are refused until a proctor approves.
    deviceHash: varchar("device_hash", { length: 64 }),
    // The address of the last request, to record a change of network; cleared by the retention job.
    lastIp: varchar("last_ip", { length: 64 }),
    // The last time the candidate's page was heard from (written at most every few seconds): the console's
    // "disconnected", and its cheap "changed since" signature.
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    // A proctor ended it early (graded from its saved answers): who and why.
    endedBy: uuid("ended_by").references(() => users.id, { onDelete: "set null" }),
    endReason: text("end_reason"),
  },
  (t) => [
    // One open attempt per person and exam, held by the database whatever the timing of requests.
    uniqueIndex("exam_attempts_one_open")
      .on(t.userId, t.levelSlug)
      .where(sql`${t.status} = 'open'`),
    index("exam_attempts_user_idx").on(t.userId, t.levelSlug, t.startedAt),
    // The proctor console reads a session's attempts every second while it is open.
    index("exam_attempts_session_idx").on(t.sessionId),
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
    // The final score of each of the rubric's criteria (in its order) when the rubric lists criteria.
    criteriaTenths: integer("criteria_tenths").array(),
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
    // Access (docs/exam-integrity.md): none, a fixed code, or a code that changes every
    // accessRotateMinutes (an HMAC of the session and the time window under accessSecret, never shown).
    accessCodeMode: varchar("access_code_mode", { length: 16 }).notNull().default("none"),
    accessCode: varchar("access_code", { length: 32 }),
    accessSecret: varchar("access_secret", { length: 64 }),
    accessRotateMinutes: integer("access_rotate_minutes").notNull().default(5),
    // Classroom sessions: the networks (CIDR) a candidate may start from; empty = anywhere.
    allowedNetworks: text("allowed_networks")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    // The center's policy for "continue on this device": null = only a proctor's approval; else the
    // request is granted by itself after this many minutes.
    deviceChangeWaitMinutes: integer("device_change_wait_minutes"),
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

/**
 * Each grader's mark of a written answer (docs/grading.md). Round 1 is the first mark; with second marking,
 * rounds 2 and 3 are by other people. The answer's final points (attempt_answers) are derived from these.
 */
export const essayMarks = pgTable(
  "essay_marks",
  {
    attemptId: uuid("attempt_id").notNull(),
    item: integer("item").notNull(),
    part: integer("part").notNull(),
    round: integer("round").notNull(),
    graderId: uuid("grader_id").references(() => users.id, { onDelete: "set null" }),
    pointsTenths: integer("points_tenths").notNull(),
    criteriaTenths: integer("criteria_tenths").array(),
    comment: text("comment"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.attemptId, t.item, t.part, t.round] }),
    foreignKey({
      columns: [t.attemptId, t.item, t.part],
      foreignColumns: [attemptAnswers.attemptId, attemptAnswers.item, attemptAnswers.part],
    }).onDelete("cascade"),
    // One person marks an answer once: a second mark is by someone else.
    uniqueIndex("essay_marks_one_per_grader").on(t.attemptId, t.item, t.part, t.graderId),
    check("essay_marks_round", sql`${t.round} between 1 and 3`),
  ],
);

/**
 * What the candidate's exam page reported (page hidden, blur, fullscreen left, copy, paste, offline,
 * online) and what the server saw (a change of address or of device), with the time it happened. The
 * browser numbers its events, so a retried batch is stored once. Deleted after EXAM_EVENT_RETENTION_DAYS.
 */
export const examIntegrityEvents = pgTable(
  "exam_integrity_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    attemptId: uuid("attempt_id")
      .notNull()
      .references(() => examAttempts.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id").references(() => examSessions.id, { onDelete: "set null" }),
    kind: varchar("kind", { length: 32 }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    clientSeq: integer("client_seq"),
    detail: jsonb("detail").$type<Record<string, string | number>>(),
  },
  (t) => [
    uniqueIndex("exam_integrity_events_client_seq").on(t.attemptId, t.clientSeq),
    // The proctor console reads a session's events newest first and asks "anything after id N?".
    index("exam_integrity_events_session_idx").on(t.sessionId, t.id),
    index("exam_integrity_events_received_idx").on(t.receivedAt),
  ],
);

/** "Continue on this device?": a browser other than the bound one asks to take the attempt over. */
export const examDeviceRequests = pgTable(
  "exam_device_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    attemptId: uuid("attempt_id")
      .notNull()
      .references(() => examAttempts.id, { onDelete: "cascade" }),
    deviceHash: varchar("device_hash", { length: 64 }).notNull(),
    // pending | approved (by a proctor, or by the center's wait) | superseded (a later request replaced it)
    status: varchar("status", { length: 16 }).notNull().default("pending"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull(),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("exam_device_requests_one_pending")
      .on(t.attemptId)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** A proctor's message to one candidate (attemptId) or to everyone in the session (attemptId null). */
export const examProctorMessages = pgTable(
  "exam_proctor_messages",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => examSessions.id, { onDelete: "cascade" }),
    attemptId: uuid("attempt_id").references(() => examAttempts.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    sentBy: uuid("sent_by").references(() => users.id, { onDelete: "set null" }),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("exam_proctor_messages_session_idx").on(t.sessionId, t.id)],
);

/**
 * Staff flagged an attempt for its integrity. Until someone decides (accept, or void with a reason) its
 * pass issues no certificate; a voided attempt never counts as a pass.
 */
export const examIntegrityReviews = pgTable("exam_integrity_reviews", {
  attemptId: uuid("attempt_id")
    .primaryKey()
    .references(() => examAttempts.id, { onDelete: "cascade" }),
  flaggedBy: uuid("flagged_by").references(() => users.id, { onDelete: "set null" }),
  flaggedAt: timestamp("flagged_at", { withTimezone: true }).notNull(),
  flagReason: text("flag_reason").notNull(),
  // null while it waits | accepted | voided
  decision: varchar("decision", { length: 16 }),
  decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  decisionReason: text("decision_reason"),
});

/**
 * Item statistics as computed by the item-statistics job (docs/statistics.md, "Item statistics"): one result
 * per level and scope ("all", or a center's id), which the page and its exports read.
 */
export const examItemStats = pgTable(
  "exam_item_stats",
  {
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    scope: varchar("scope", { length: 36 }).notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    result: jsonb("result").notNull(),
  },
  (t) => [primaryKey({ columns: [t.levelSlug, t.scope] })],
);

/**
 * Each graded attempt folded into the item-statistics cells, with what it added (so that a changed or deleted
 * attempt can be taken out again). No foreign key: a deleted attempt must leave its row for the job to subtract.
 */
export const examItemStatAttempts = pgTable(
  "exam_item_stat_attempts",
  {
    attemptId: uuid("attempt_id").primaryKey(),
    levelSlug: varchar("level_slug", { length: 32 }).notNull(),
    // The attempt's place in the ranking by score (score / max, "Infinity" for no max), and what it was computed from.
    rankKey: doublePrecision("rank_key").notNull(),
    scoreTenths: integer("score_tenths"),
    maxTenths: integer("max_tenths").notNull(),
    gradedAt: timestamp("graded_at", { withTimezone: true }).notNull(),
    // Per item, in order: its question and the share of its points earned (null when it had no points).
    questions: uuid("questions").array().notNull(),
    facility: doublePrecision("facility").array().notNull(),
    // Per blueprint section: the points earned (tenths).
    sections: integer("sections").array().notNull(),
    sectionGot: bigint("section_got", { mode: "number" }).array().notNull(),
  },
  // The ranking of a level's attempts, and the attempts at a group's boundary, read without the arrays.
  (t) => [index("exam_item_stat_attempts_rank_idx").on(t.levelSlug, t.rankKey, t.attemptId)],
);

/**
 * Per level, question and band of the ranking key (a thousandth of the score): how often it was used and the sum
 * of its facility (additive).
 */
export const examItemStatCells = pgTable(
  "exam_item_stat_cells",
  {
    levelSlug: varchar("level_slug", { length: 32 }).notNull(),
    questionId: uuid("question_id").notNull(),
    band: integer("band").notNull(),
    used: bigint("used", { mode: "number" }).notNull(),
    facilityN: bigint("facility_n", { mode: "number" }).notNull(),
    facilitySum: doublePrecision("facility_sum").notNull(),
  },
  (t) => [primaryKey({ columns: [t.levelSlug, t.questionId, t.band] })],
);

/**
 * Per level, ranking key and tenth of the score (-1: none) how many folded attempts have them (additive): the
 * ranking and the distribution of a level read these rows, not every attempt's.
 */
export const examItemStatKeys = pgTable(
  "exam_item_stat_keys",
  {
    levelSlug: varchar("level_slug", { length: 32 }).notNull(),
    rankKey: doublePrecision("rank_key").notNull(),
    bucket: integer("bucket").notNull(),
    attempts: bigint("attempts", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.levelSlug, t.rankKey, t.bucket] })],
);

/** Per level and blueprint section (-1: the attempt's total) the count, sum and sum of squares, for alpha. */
export const examItemStatSections = pgTable(
  "exam_item_stat_sections",
  {
    levelSlug: varchar("level_slug", { length: 32 }).notNull(),
    section: integer("section").notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
    sum: numeric("sum").notNull(),
    sumSq: numeric("sum_sq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.levelSlug, t.section] })],
);
