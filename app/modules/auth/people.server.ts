import { eq, inArray, sql } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import type { DbOrTx } from "#db/client";
import { users } from "#db/schema";

/**
 * People as other areas may read them: a subquery to join (one SQL query, no N+1) instead of naming the
 * users table. PostgreSQL inlines it, so a join on it costs what a join on users did. Never the hash.
 * Give each use in one query its own alias (e.g. an actor and a trainee side by side).
 */
export function peopleAs<A extends string>(alias: A) {
  return new QueryBuilder()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      phone: users.phone,
      locale: users.locale,
      createdAt: users.createdAt,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`.as("has_password"),
    })
    .from(users)
    .as(alias);
}

/** The usual one: `db.select(...).from(x).innerJoin(people, eq(people.id, x.userId))`. */
export const people = peopleAs("people");

/** Names by id (people who do not exist are absent). */
export async function namesOf(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Contact details by id, for lists that show more than a name. */
export async function peopleByIds(db: DbOrTx, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  return db.select().from(people).where(inArray(people.id, unique));
}

/**
 * Locks a person's account row until the transaction ends: serialises two requests that act on the
 * same person (e.g. two clicks making a password link).
 */
export async function lockAccount(tx: DbOrTx, userId: string): Promise<boolean> {
  const rows = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
  return rows.length > 0;
}
