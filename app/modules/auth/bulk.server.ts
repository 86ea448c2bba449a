import { inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { passwordTokens, users } from "#db/schema";
import { insertColumns } from "~/utils/bulk-insert.server";
import { passwordTokenExpiry } from "./accounts.server";
import { hashSecret, randomToken } from "./tokens.server";

/**
 * Accounts and password links by the thousand (the enrolment import: 5,000 people in one transaction).
 * One statement per table with an array parameter per column: createPasswordToken and friends take a
 * round trip per row, which would be most of an import's time.
 */

export interface NewAccount {
  name: string;
  email: string | null;
  phone: string | null;
}

/** The accounts holding any of these e-mails or mobile numbers (one query). */
export async function accountsByContact(
  db: DbOrTx,
  contacts: { emails: readonly string[]; phones: readonly string[] },
) {
  const emails = [...new Set(contacts.emails)];
  const phones = [...new Set(contacts.phones)];
  if (!emails.length && !phones.length) return [];
  return db
    .select({ id: users.id, name: users.name, email: users.email, phone: users.phone })
    .from(users)
    .where(
      or(
        emails.length ? inArray(users.email, emails) : undefined,
        phones.length ? inArray(users.phone, phones) : undefined,
      ),
    );
}

/**
 * Inserts accounts without a password (their owners set one through a link) and returns their ids with
 * the contacts, in no particular order. A taken e-mail or number fails the statement (unique violation).
 */
export async function createAccounts(tx: DbOrTx, accounts: readonly NewAccount[]) {
  return insertColumns<{ id: string; email: string | null; phone: string | null }>(
    tx,
    users,
    [
      { name: users.name.name, type: "text", values: accounts.map((a) => a.name) },
      { name: users.email.name, type: "text", values: accounts.map((a) => a.email) },
      { name: users.phone.name, type: "text", values: accounts.map((a) => a.phone) },
    ],
    sql`returning ${sql.identifier(users.id.name)} as id, ${sql.identifier(users.email.name)} as email, ${sql.identifier(users.phone.name)} as phone`,
  );
}

/**
 * One password link per person, all of one purpose and expiry (that of createPasswordToken). Returns the
 * raw tokens in the order of userIds, for the e-mails; only their hashes are stored.
 */
export async function createPasswordTokens(
  tx: DbOrTx,
  userIds: readonly string[],
  purpose: "reset" | "set",
  now = new Date(),
): Promise<string[]> {
  const expiresAt = passwordTokenExpiry(purpose, now).toISOString();
  const tokens = userIds.map(() => randomToken());
  await insertColumns(tx, passwordTokens, [
    { name: passwordTokens.userId.name, type: "uuid", values: userIds },
    { name: passwordTokens.purpose.name, type: "password_token_purpose", values: userIds.map(() => purpose) },
    {
      name: passwordTokens.tokenHash.name,
      type: "text",
      values: tokens.map((token) => Buffer.from(hashSecret(token)).toString("hex")),
      read: (v) => sql`decode(${v}, 'hex')`,
    },
    { name: passwordTokens.expiresAt.name, type: "timestamptz", values: userIds.map(() => expiresAt) },
  ]);
  return tokens;
}
