import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, jsonb, pgEnum, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import type { CertificateRecord } from "~/modules/certificates";
import { users } from "./auth";
import { bytea, createdAt } from "./columns";
import { levels } from "./learning";
import { organizations } from "./orgs";

/** Public halves of every signing key ever used, with when each was the active one (published as JWKS). */
export const signingKeys = pgTable("signing_keys", {
  kid: varchar("kid", { length: 64 }).primaryKey(),
  publicJwk: jsonb("public_jwk").$type<{ kty: string; crv: string; x: string }>().notNull(),
  activeFrom: timestamp("active_from", { withTimezone: true }).notNull(),
  activeUntil: timestamp("active_until", { withTimezone: true }),
});

/** Bits of the revocation status list are handed out in order, never reused. */
export const certificateStatusIndexSeq = pgSequence("certificate_status_index_seq", { startWith: 0, minValue: 0 });

/** The next sequence number per serial prefix (TMA-2026-SX-J), taken atomically at issue. */
export const certificateSequences = pgTable("certificate_sequences", {
  prefix: varchar("prefix", { length: 40 }).primaryKey(),
  last: integer("last").notNull(),
});

/**
 * An issued certificate. `record` is frozen at issue and signed; nothing later edits it. Revocation and
 * supersession are recorded beside it; a renewal issues a new certificate that supersedes this one.
 */
export const certificates = pgTable(
  "certificates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    centerId: uuid("center_id").references(() => organizations.id, { onDelete: "set null" }),
    serial: varchar("serial", { length: 40 }).notNull().unique(),
    code: varchar("code", { length: 16 }).notNull().unique(),
    record: jsonb("record").$type<CertificateRecord>().notNull(),
    signature: text("signature").notNull(),
    kid: varchar("kid", { length: 64 })
      .notNull()
      .references(() => signingKeys.kid),
    // Position of this certificate's bit in the revocation status list.
    statusIndex: integer("status_index")
      .notNull()
      .unique()
      .default(sql`nextval('certificate_status_index_seq')`),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    // End of validity (exclusive), or null for no expiry.
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    issuedBy: uuid("issued_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
    revokedBy: uuid("revoked_by").references(() => users.id, { onDelete: "set null" }),
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
    supersededBy: uuid("superseded_by"),
    supersedeReason: varchar("supersede_reason", { length: 16 }),
    reminderSentAt: timestamp("reminder_sent_at", { withTimezone: true }),
  },
  (t) => [
    // One current certificate per person and level, whatever the timing of concurrent issues.
    uniqueIndex("certificates_one_current").on(t.userId, t.levelSlug).where(sql`${t.revokedAt} is null and ${t.supersededAt} is null`),
    index("certificates_user_idx").on(t.userId),
    index("certificates_center_idx").on(t.centerId, t.issuedAt),
    index("certificates_expiry_idx").on(t.expiresAt).where(sql`${t.revokedAt} is null and ${t.supersededAt} is null`),
  ],
);
export type CertificateRow = typeof certificates.$inferSelect;


/** Renewals: the old certificate, the new one that supersedes it, and the hours that earned it. */
export const certificateRenewals = pgTable("certificate_renewals", {
  id: uuid("id").primaryKey().defaultRandom(),
  previousId: uuid("previous_id")
    .notNull()
    .references(() => certificates.id),
  renewedId: uuid("renewed_id")
    .notNull()
    .references(() => certificates.id),
  hours: integer("hours").notNull(),
  renewedAt: createdAt(),
});

/** Continuing-education hours recorded by staff toward renewing a level's certificate. */
export const continuingEducation = pgTable(
  "continuing_education",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    levelSlug: varchar("level_slug", { length: 32 })
      .notNull()
      .references(() => levels.slug),
    hours: integer("hours").notNull(),
    activity: text("activity").notNull(),
    completedOn: date("completed_on", { mode: "string" }).notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("continuing_education_user_idx").on(t.userId, t.levelSlug)],
);

export const verifierKind = pgEnum("verifier_kind", ["page", "api_anonymous", "api_key", "bulk"]);

/** Every verification: what was asked, by which kind of verifier, and whether a typed name matched. */
export const certificateChecks = pgTable(
  "certificate_checks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    certificateId: uuid("certificate_id").references(() => certificates.id, { onDelete: "cascade" }),
    query: varchar("query", { length: 64 }).notNull(),
    kind: verifierKind("kind").notNull(),
    apiKeyId: uuid("api_key_id"),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "set null" }),
    nameChecked: boolean("name_checked").notNull().default(false),
    nameMatched: boolean("name_matched"),
    checkedAt: createdAt(),
  },
  (t) => [index("certificate_checks_certificate_idx").on(t.certificateId, t.kind)],
);

/** Employers' API keys: a public prefix to find the key, and the SHA-256 of its secret. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: varchar("name", { length: 100 }).notNull(),
    prefix: varchar("prefix", { length: 16 }).notNull().unique(),
    secretHash: bytea("secret_hash").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_org_idx").on(t.organizationId)],
);

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
