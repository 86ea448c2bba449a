import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt } from "./columns";
import { organizations } from "./orgs";

/** The levels as content/levels.yaml defines them; the whole parsed entry is kept in `config`. */
export const levels = pgTable("levels", {
  slug: varchar("slug", { length: 32 }).primaryKey(),
  code: varchar("code", { length: 4 }).notNull(),
  position: integer("position").notNull(),
  nameZh: varchar("name_zh", { length: 100 }).notNull(),
  nameEn: varchar("name_en", { length: 100 }).notNull(),
  config: jsonb("config").notNull(),
  contentHash: varchar("content_hash", { length: 64 }).notNull(),
  loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
});
export type LevelRow = typeof levels.$inferSelect;

export const courses = pgTable(
  "courses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: varchar("slug", { length: 80 }).notNull().unique(),
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    module: varchar("module", { length: 16 }).notNull(),
    position: integer("position").notNull(),
    titleZh: varchar("title_zh", { length: 200 }).notNull(),
    titleEn: varchar("title_en", { length: 200 }).notNull(),
    summaryZh: text("summary_zh").notNull(),
    summaryEn: text("summary_en").notNull(),
    objectives: jsonb("objectives").$type<string[]>().notNull(),
    introHtml: text("intro_html").notNull(),
    contentHash: varchar("content_hash", { length: 64 }).notNull(),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
    // Retired, never deleted: enrolments and progress keep their meaning.
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [index("courses_level_idx").on(t.levelSlug, t.position)],
);
export type CourseRow = typeof courses.$inferSelect;

/** A lesson's identity (course + slug) outlives its versions: progress hangs on the lesson. */
export const lessons = pgTable(
  "lessons",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id),
    slug: varchar("slug", { length: 80 }).notNull(),
    position: integer("position").notNull(),
    currentVersion: integer("current_version").notNull(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("lessons_course_slug_unique").on(t.courseId, t.slug)],
);
export type LessonRow = typeof lessons.$inferSelect;

export interface SelfCheckQuestion {
  question: string;
  options: string[];
  answer: number;
  explanation: string;
}

export const lessonVersions = pgTable(
  "lesson_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    lessonId: uuid("lesson_id")
      .notNull()
      .references(() => lessons.id),
    version: integer("version").notNull(),
    titleZh: varchar("title_zh", { length: 200 }).notNull(),
    titleEn: varchar("title_en", { length: 200 }).notNull(),
    minutes: integer("minutes").notNull(),
    // Rendered and sanitized once, at sync: a lesson page only sends it.
    bodyHtml: text("body_html").notNull(),
    // Holds the answers: server-only, never sent to the browser before an answer is given.
    selfCheck: jsonb("self_check").$type<SelfCheckQuestion[]>().notNull(),
    contentHash: varchar("content_hash", { length: 64 }).notNull(),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("lesson_versions_unique").on(t.lessonId, t.version)],
);

/** One row per sync that changed something: what was added, changed and retired. */
export const contentSyncs = pgTable("content_syncs", {
  id: uuid("id").primaryKey().defaultRandom(),
  summary: jsonb("summary").$type<{ added: string[]; changed: string[]; retired: string[] }>().notNull(),
  createdAt: createdAt(),
});

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
