import { bigint, date, index, integer, pgEnum, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { bytea, createdAt } from "./columns";
import { users } from "./auth";
import { levels } from "./content";

export const contractType = pgEnum("contract_type", ["development", "transfer", "licence", "consulting", "service"]);
export const caseStatus = pgEnum("case_status", ["submitted", "approved", "returned"]);

/** A technology-transfer case a trainee took part in, for the senior level's portfolio. */
export const portfolioCases = pgTable(
  "portfolio_cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: varchar("title", { length: 200 }).notNull(),
    contractType: contractType("contract_type").notNull(),
    registrationNo: varchar("registration_no", { length: 64 }),
    // Yuan in fen (hundredths), so amounts stay exact integers.
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    role: varchar("role", { length: 200 }).notNull(),
    startedOn: date("started_on", { mode: "string" }).notNull(),
    endedOn: date("ended_on", { mode: "string" }),
    description: text("description").notNull(),
    status: caseStatus("status").notNull().default("submitted"),
    reviewComment: text("review_comment"),
    reviewedBy: uuid("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("portfolio_cases_user_idx").on(t.userId, t.status)],
);

/** Evidence files of a case, kept in the database; the type is checked from the bytes. */
export const caseEvidence = pgTable(
  "case_evidence",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => portfolioCases.id, { onDelete: "cascade" }),
    fileName: varchar("file_name", { length: 255 }).notNull(),
    mimeType: varchar("mime_type", { length: 64 }).notNull(),
    size: integer("size").notNull(),
    sha256: varchar("sha256", { length: 64 }).notNull(),
    data: bytea("data").notNull(),
    uploadedAt: createdAt(),
  },
  (t) => [index("case_evidence_case_idx").on(t.caseId)],
);

export const defenceResult = pgEnum("defence_result", ["passed", "failed"]);

/** A case defence (答辩) held for a trainee, with its result as staff recorded it. */
export const caseDefences = pgTable(
  "case_defences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    result: defenceResult("result").notNull(),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    panel: text("panel"),
    comment: text("comment"),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("case_defences_user_idx").on(t.userId, t.levelSlug)],
);
