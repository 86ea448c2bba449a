import { bigint, boolean, index, integer, pgEnum, pgTable, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { bytea, createdAt } from "./columns";
import { users } from "./auth";
import { certificates } from "./certificates";
import { organizations } from "./orgs";

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

/**
 * Certificates whose stored record failed its signature when it was verified: one row per certificate claims
 * the alert to platform admins, so it is raised once, however many checks (or app copies) see it.
 */
export const certificateIntegrityAlerts = pgTable("certificate_integrity_alerts", {
  certificateId: uuid("certificate_id")
    .primaryKey()
    .references(() => certificates.id, { onDelete: "cascade" }),
  /** The key the record claims to be signed with. */
  kid: varchar("kid", { length: 64 }).notNull(),
  raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The counters of the per-address and per-key limits (rate-limiter-flexible's PostgreSQL store, whose SQL
 * writes the columns in this order): one row per limit and key, shared by every app copy. Keys are
 * "<limit>:<address or key id>"; `expire` is in epoch milliseconds. Expired rows are deleted by the limiter.
 */
export const rateLimits = pgTable("rate_limits", {
  key: varchar("key", { length: 255 }).primaryKey(),
  points: integer("points").notNull().default(0),
  expire: bigint("expire", { mode: "number" }),
});
