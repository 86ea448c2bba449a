import {
  boolean,
  index,
  integer,
  jsonb,
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
import { organizations, regions } from "./orgs";

/**
 * Where the current version of an item came from: `file` (a sync of content/) or `app` (published in the
 * app). A sync never overwrites an `app` version with a different file: it reports the conflict instead.
 */
const origin = () => varchar("origin", { length: 8 }).$type<"file" | "app">().notNull().default("file");

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
  // The text of levels.yaml this row was loaded from, so an export reproduces it byte for byte.
  source: text("source"),
  origin: origin(),
  // Bumped by every sync or publication that changes the entry; attempts and certificates record the one they began under.
  currentVersion: integer("current_version").notNull().default(1),
});
export type LevelRow = typeof levels.$inferSelect;

/**
 * Every version of a level's entry (its rules and exam blueprint). An attempt keeps the version it was started
 * under and a certificate the one it was issued under, so a published change applies to new ones only.
 */
export const levelVersions = pgTable(
  "level_versions",
  {
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    version: integer("version").notNull(),
    config: jsonb("config").notNull(),
    origin: origin(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.levelSlug, t.version] })],
);

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
    // Lessons in order (course.md `sequential: true`): a lesson is completed only after the ones before it.
    sequential: boolean("sequential").notNull().default(false),
    introHtml: text("intro_html").notNull(),
    contentHash: varchar("content_hash", { length: 64 }).notNull(),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
    // Retired, never deleted: enrolments and progress keep their meaning.
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    // The whole course.md (front matter and Markdown); its SHA-256 is contentHash.
    source: text("source"),
    origin: origin(),
    // An elective of one center or one region: only their trainees see it; never a required course.
    ownerOrganizationId: uuid("owner_organization_id").references(() => organizations.id),
    ownerRegionId: uuid("owner_region_id").references(() => regions.id),
    // Bumped by every sync or publication that changes course.md or the order of its lessons.
    currentVersion: integer("current_version").notNull().default(1),
  },
  (t) => [index("courses_level_idx").on(t.levelSlug, t.position)],
);
export type CourseRow = typeof courses.$inferSelect;

/** Every version of a course's file and lesson order, for the side-by-side diff of changes made in the app. */
export const courseVersions = pgTable(
  "course_versions",
  {
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id),
    version: integer("version").notNull(),
    source: text("source").notNull(),
    lessonOrder: jsonb("lesson_order").$type<string[]>().notNull(),
    origin: origin(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.version] })],
);

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
    // The whole NN-lesson.md (front matter and Markdown); its SHA-256 is contentHash.
    source: text("source"),
    origin: origin(),
  },
  (t) => [uniqueIndex("lesson_versions_unique").on(t.lessonId, t.version)],
);

/** One row per sync that changed something: what was added, changed and retired. */
export const contentSyncs = pgTable("content_syncs", {
  id: uuid("id").primaryKey().defaultRandom(),
  summary: jsonb("summary").$type<{ added: string[]; changed: string[]; retired: string[] }>().notNull(),
  createdAt: createdAt(),
});

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
    // The topic file as last synced, exported as is while none of its questions was changed in the app.
    source: text("source"),
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
    origin: origin(),
  },
  (t) => [uniqueIndex("question_versions_unique").on(t.questionId, t.version)],
);

/**
 * One change to the curriculum made in the app (docs/authoring.md): a draft with its payload, the version of
 * the target it was made against (optimistic concurrency), who wrote, reviewed and published it. The kind says
 * which handler validates and applies the payload (app/modules/content/change-kinds.server.ts).
 */
export const contentChanges = pgTable(
  "content_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: varchar("kind", { length: 32 }).notNull(),
    // create | update | retire
    action: varchar("action", { length: 16 }).notNull(),
    // The target's id (a question's, course's or lesson's uuid, a level's slug); null until a "create" is published.
    targetId: varchar("target_id", { length: 80 }),
    // What the change is about, for lists and the audit log (e.g. "junior/tech-transfer-basics/q-001").
    targetLabel: varchar("target_label", { length: 300 }).notNull(),
    payload: jsonb("payload").notNull(),
    // The target's version the author started from; publishing against another is refused.
    baseVersion: integer("base_version"),
    // Bumped on every save of the draft: a second editor saving an older copy is refused.
    revision: integer("revision").notNull().default(1),
    // SHA-256 of the payload's canonical text: re-importing the same row changes nothing.
    payloadHash: varchar("payload_hash", { length: 64 }).notNull(),
    // draft → submitted → approved | returned → published; withdrawn by its author.
    status: varchar("status", { length: 16 }).notNull().default("draft"),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    reviewerId: uuid("reviewer_id").references(() => users.id),
    reviewComment: text("review_comment"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    publishedBy: uuid("published_by").references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    // The version publishing made.
    resultVersion: integer("result_version"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("content_changes_status_idx").on(t.status, t.kind),
    index("content_changes_target_idx").on(t.kind, t.targetId),
  ],
);
export type ContentChangeRow = typeof contentChanges.$inferSelect;

/**
 * Pictures of lessons uploaded in the app, addressed by the SHA-256 of their bytes (so a URL never
 * changes meaning and can be cached for good). The type is what the bytes are, not what the upload said.
 */
export const contentImages = pgTable("content_images", {
  sha256: varchar("sha256", { length: 64 }).primaryKey(),
  mediaType: varchar("media_type", { length: 40 }).notNull(),
  extension: varchar("extension", { length: 8 }).notNull(),
  bytes: integer("bytes").notNull(),
  data: bytea("data").notNull(),
  uploadedBy: uuid("uploaded_by"),
  createdAt: createdAt(),
});
