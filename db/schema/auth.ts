import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { bytea, createdAt } from "./columns";

export const locale = pgEnum("locale", ["zh-CN", "en"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Stored lower-cased; either e-mail or mobile (or both) identifies a person.
    email: varchar("email", { length: 254 }),
    phone: varchar("phone", { length: 11 }),
    name: varchar("name", { length: 100 }).notNull(),
    // Null until a staff member created by an admin sets a password through the e-mailed link.
    passwordHash: text("password_hash"),
    locale: locale("locale").notNull().default("zh-CN"),
    createdAt: createdAt(),
    // Set when a deletion request was completed (docs/privacy.md): the row stays, without name or contact, so
    // that kept records (certificates, exam statistics) still point somewhere.
    erasedAt: timestamp("erased_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    uniqueIndex("users_phone_unique").on(t.phone),
    check("users_has_identifier", sql`${t.email} IS NOT NULL OR ${t.phone} IS NOT NULL OR ${t.erasedAt} IS NOT NULL`),
  ],
);
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

/** Lucia's current guide: id + secret; only the SHA-256 of the secret is kept. */
export const sessions = pgTable(
  "sessions",
  {
    id: varchar("id", { length: 32 }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secretHash: bytea("secret_hash").notNull(),
    createdAt: createdAt(),
    // Sliding expiry: refreshed at most hourly, the session ends after this much inactivity.
    lastVerifiedAt: timestamp("last_verified_at", { withTimezone: true }).notNull().defaultNow(),
    // Lucia's two-factor guide: for an account with an authenticator, the session reaches only the code step
    // until a code (or a recovery code) is given on it. Meaningless for accounts without one.
    twoFactorVerified: boolean("two_factor_verified").notNull().default(false),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);
export type Session = typeof sessions.$inferSelect;

export const passwordTokenPurpose = pgEnum("password_token_purpose", ["reset", "set"]);

export const passwordTokens = pgTable(
  "password_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // SHA-256 of the token in the e-mailed link; the link itself is never stored.
    tokenHash: bytea("token_hash").notNull(),
    purpose: passwordTokenPurpose("purpose").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("password_tokens_hash_unique").on(t.tokenHash),
    // A new link for a person ends their older unused ones (center-made set-password links).
    index("password_tokens_user_idx").on(t.userId),
  ],
);

/** Failed and successful sign-ins, shared by every app copy for rate limiting. */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    account: varchar("account", { length: 254 }).notNull(),
    ip: varchar("ip", { length: 64 }).notNull(),
    succeeded: boolean("succeeded").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // The limiter counts recent failures by account and by address.
    index("sign_in_attempts_account_idx").on(t.account, t.createdAt),
    index("sign_in_attempts_ip_idx").on(t.ip, t.createdAt),
  ],
);

/** Forgot-password requests, by typed account and address: limits how many reset e-mails anyone can cause. */
export const passwordResetRequests = pgTable(
  "password_reset_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    account: varchar("account", { length: 254 }).notNull(),
    ip: varchar("ip", { length: 64 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("password_reset_requests_account_idx").on(t.account, t.createdAt),
    index("password_reset_requests_ip_idx").on(t.ip, t.createdAt),
  ],
);

/** A person's TOTP authenticator (RFC 6238), one per account; docs/security.md, "Second factor". */
export const totpCredentials = pgTable("totp_credentials", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  // AES-256-GCM of the shared key (nonce ‖ ciphertext ‖ tag, the account id as associated data): a copy of the
  // database alone does not give anyone codes.
  secretEncrypted: bytea("secret_encrypted").notNull(),
  createdAt: createdAt(),
  // Null while enrolment waits for the first code; from then on signing in asks for a code.
  enabledAt: timestamp("enabled_at", { withTimezone: true }),
  // The 30-second time-step of the last accepted code: that code, and any earlier one, is refused (no replay).
  lastUsedStep: integer("last_used_step"),
});

/** Single-use recovery codes for when the authenticator is lost: only their SHA-256 is kept. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: bytea("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);
