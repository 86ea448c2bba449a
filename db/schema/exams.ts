import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
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
