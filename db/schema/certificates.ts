import { sql } from "drizzle-orm";
import {
  boolean,
  date,
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
import { cohorts } from "./cohorts";
import { levels } from "./content";
import { organizations } from "./orgs";

/**
 * What a certificate says, frozen at issue: the PDF, the signature and the badge are all made from
 * this record alone, so a later change of a name or a center never alters an issued certificate.
 */
export interface CertificateRecord {
  /** e.g. "TMA-2026-SX-J-00042" (see serial.ts) */
  serial: string;
  /** Verification code in canonical form: Crockford base32, no separators, upper case. */
  code: string;
  holderName: string;
  /** "junior" | "intermediate" | "senior" (any string) */
  levelSlug: string;
  levelNameZh: string;
  levelNameEn: string;
  centerNameZh: string;
  centerNameEn: string;
  regionCode: string;
  regionNameZh: string;
  regionNameEn: string;
  /** "2026-11-27", the date in Asia/Shanghai */
  issuedOn: string;
  /** "2029-11-26", or null when the certificate does not expire */
  expiresOn: string | null;
  /** "sha256$<hex>": salted hash of the holder's e-mail or mobile number (see subject.ts) */
  subjectHash: string;
  /** The salt (hex) used for subjectHash. */
  subjectSalt: string;
  /**
   * Records signed since payload v2: the credential subject's opaque id ("urn:uuid:…", random per
   * certificate, no personal data) and the Open Badges identityType of subjectHash ("emailAddress" or
   * "ext:phone"). Older records lack both.
   */
  subjectId?: string;
  identityType?: string;
}

/** Public halves of every signing key ever used, with when each was the active one (published as JWKS). */
export const signingKeys = pgTable("signing_keys", {
  kid: varchar("kid", { length: 64 }).primaryKey(),
  // Ed25519 (OKP: x) signs records; its derived P-256 key (EC: x, y) signs Open Badges credentials.
  publicJwk: jsonb("public_jwk").$type<{ kty: string; crv: string; x: string; y?: string }>().notNull(),
  activeFrom: timestamp("active_from", { withTimezone: true }).notNull(),
  activeUntil: timestamp("active_until", { withTimezone: true }),
});

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
    // Which revocation status list holds this certificate's bit (1, 2, …) and where: a random free
    // position, never reused (app/modules/certificates/status-slots.server.ts).
    statusList: integer("status_list").notNull().default(1),
    statusIndex: integer("status_index").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    // End of validity (exclusive), or null for no expiry.
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    // The version of the level's rules it was issued under (renewal hours, continuing-education courses);
    // null for certificates from before versions were kept (they follow the current rules).
    levelVersion: integer("level_version"),
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
    uniqueIndex("certificates_one_current")
      .on(t.userId, t.levelSlug)
      .where(sql`${t.revokedAt} is null and ${t.supersededAt} is null`),
    uniqueIndex("certificates_status_slot").on(t.statusList, t.statusIndex),
    index("certificates_user_idx").on(t.userId),
    index("certificates_center_idx").on(t.centerId, t.issuedAt),
    index("certificates_expiry_idx")
      .on(t.expiresAt)
      .where(sql`${t.revokedAt} is null and ${t.supersededAt} is null`),
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

/**
 * What a center (or the certification body) puts on its certificates: logo, seal, signatory's name and
 * signature image, as image bytes checked at upload. Two rows per organization: the `draft` staff edit and
 * preview, and the `published` one PDFs use. Owned by certificates: these images exist only for certificates.
 */
export const certificateBrandings = pgTable(
  "certificate_brandings",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    state: varchar("state", { length: 16 }).$type<"draft" | "published">().notNull(),
    logo: bytea("logo"),
    logoType: varchar("logo_type", { length: 32 }),
    seal: bytea("seal"),
    sealType: varchar("seal_type", { length: 32 }),
    signature: bytea("signature"),
    signatureType: varchar("signature_type", { length: 32 }),
    signatoryName: varchar("signatory_name", { length: 60 }),
    // The certification body's switches (off by default; ignored on a center's rows): certificates carry
    // the holder's approved photo, the holder's masked ID-card number (docs/certificates.md).
    holderPhoto: boolean("holder_photo").notNull().default(false),
    holderIdNumber: boolean("holder_id_number").notNull().default(false),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.state] })],
);
export type CertificateBrandingRow = typeof certificateBrandings.$inferSelect;

/**
 * Photos a holder uploads for their certificates (issue 12, point 6), checked by content at upload and
 * approved or returned by staff of the holder's center. At most one pending and one approved photo per
 * person: an approved photo stays in use while a newer one waits; a returned one is kept (with the reason)
 * until the next upload.
 */
export const holderPhotos = pgTable(
  "holder_photos",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    image: bytea("image").notNull(),
    imageType: varchar("image_type", { length: 32 }).$type<"image/png" | "image/jpeg">().notNull(),
    status: varchar("status", { length: 16 }).$type<"pending" | "approved" | "returned">().notNull(),
    returnReason: text("return_reason"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("holder_photos_one_pending")
      .on(t.userId)
      .where(sql`${t.status} = 'pending'`),
    uniqueIndex("holder_photos_one_approved")
      .on(t.userId)
      .where(sql`${t.status} = 'approved'`),
  ],
);
export type HolderPhotoRow = typeof holderPhotos.$inferSelect;

/**
 * A holder's ID-card number, only ever in its masked form ("110***********002X"): the full number is
 * checked (GB 11643) when typed and never stored (data minimization, docs/privacy.md).
 */
export const holderIdCards = pgTable("holder_id_cards", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  masked: varchar("masked", { length: 18 }).notNull(),
  recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
});

/**
 * What a certificate carries of its holder beside the signed record, frozen at issue when the body's
 * switches were on: the approved photo and the masked ID-card number. Not in the record, so neither
 * reaches the credential, and an erasure can remove them without breaking the record's signature.
 */
export const certificateHolderFacts = pgTable("certificate_holder_facts", {
  certificateId: uuid("certificate_id")
    .primaryKey()
    .references(() => certificates.id, { onDelete: "cascade" }),
  photo: bytea("photo"),
  photoType: varchar("photo_type", { length: 32 }).$type<"image/png" | "image/jpeg">(),
  idNumberMasked: varchar("id_number_masked", { length: 18 }),
});

/**
 * A certificate's signed PDF as last rendered, so a cohort's ZIP streams stored bytes instead of rendering
 * hundreds of PDFs (docs/certificates.md, "Stored PDFs"). `renderKey` is a hash of everything the PDF is made
 * from (record, language, branding, holder facts, signer's certificate, layout version): a change of any of them
 * makes the row stale, and it is rendered again. Never served for a revoked or superseded certificate.
 */
export const certificatePdfs = pgTable(
  "certificate_pdfs",
  {
    certificateId: uuid("certificate_id")
      .notNull()
      .references(() => certificates.id, { onDelete: "cascade" }),
    language: varchar("language", { length: 2 }).$type<"zh" | "en">().notNull(),
    renderKey: varchar("render_key", { length: 64 }).notNull(),
    pdf: bytea("pdf").notNull(),
    renderedAt: timestamp("rendered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.certificateId, t.language] })],
);

/**
 * A cohort's ZIP being prepared by the certificate-pdfs job: how many of its PDFs are rendered, for the progress
 * page. At most one running per cohort and language (a second click finds it); `claimedUntil` is a worker's claim.
 */
export const certificateZipRuns = pgTable(
  "certificate_zip_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    cohortId: uuid("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    centerId: uuid("center_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    language: varchar("language", { length: 2 }).$type<"zh" | "en">().notNull(),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    state: varchar("state", { length: 16 }).$type<"running" | "done" | "failed">().notNull().default("running"),
    total: integer("total").notNull(),
    done: integer("done").notNull().default(0),
    error: text("error"),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("certificate_zip_runs_one_running")
      .on(t.cohortId, t.language)
      .where(sql`${t.state} = 'running'`),
  ],
);
