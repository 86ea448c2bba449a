import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import type { DbOrTx } from "#db/client";
import { memberships, organizations } from "#db/schema";
import { people } from "~/modules/auth/index.server";
import { insertColumns } from "~/utils/bulk-insert.server";

/**
 * The trainee-of-center questions other areas ask: a person is a center's trainee while they hold the
 * trainee role scoped to it (a trainee who named no center at sign-up holds it with no center).
 */

const traineeAt = (centerId: string) => and(eq(memberships.organizationId, centerId), eq(memberships.role, "trainee"));

/**
 * Whether the person is the center's trainee now. `lock` (inside a transaction) holds the role row until
 * the transaction ends, so a concurrent transfer waits.
 */
export async function isTraineeOfCenter(
  db: DbOrTx,
  userId: string,
  centerId: string,
  options: { lock?: boolean } = {},
) {
  const query = db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), traineeAt(centerId)))
    .limit(1);
  const rows = options.lock ? await query.for("update") : await query;
  return rows.length > 0;
}

/** The center a trainee belongs to now (their trainee membership), or null. */
export async function traineeCenterOf(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: memberships.organizationId })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.role, "trainee")));
  return row?.id ?? null;
}

/** The training centers where this person is a trainee, with their regions (for permission scopes). */
export async function traineeCentersOf(db: DbOrTx, userId: string) {
  return db
    .select({ centerId: organizations.id, regionId: organizations.regionId })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(
      and(eq(memberships.userId, userId), eq(memberships.role, "trainee"), eq(organizations.kind, "training_center")),
    );
}

/** The trainee roles of these people: which center each is a trainee of (null: none named yet). */
export async function traineeRolesOf(db: DbOrTx, userIds: readonly string[]) {
  if (!userIds.length) return [];
  return db
    .select({ userId: memberships.userId, centerId: memberships.organizationId })
    .from(memberships)
    .where(and(eq(memberships.role, "trainee"), inArray(memberships.userId, [...userIds])));
}

/**
 * The ids of the center's trainees as a subquery, to keep one SQL query:
 * `inArray(examAttempts.userId, traineeIdsOfCenter(db, centerId))`, or `${col} in ${…}` inside sql``.
 */
export function traineeIdsOfCenter(db: DbOrTx, centerId: string) {
  return db.select({ id: memberships.userId }).from(memberships).where(traineeAt(centerId));
}

/**
 * The center's trainees as a joinable subquery (userId, since when), for a query that also needs when
 * they joined: `.innerJoin(t, eq(t.userId, x.userId))`. Alias it when used twice in one query.
 */
export function centerTraineesOf(centerId: string, alias = "center_trainees") {
  return new QueryBuilder()
    .select({ userId: memberships.userId, since: memberships.createdAt })
    .from(memberships)
    .where(traineeAt(centerId))
    .as(alias);
}

/** The center's most recently joined trainees (newest first, then by name) and how many it has in all. */
export async function listCenterTrainees(db: DbOrTx, centerId: string, options: { limit?: number } = {}) {
  const [trainees, [total]] = await Promise.all([
    db
      .select({ id: people.id, name: people.name, email: people.email, phone: people.phone })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.userId))
      .where(traineeAt(centerId))
      .orderBy(desc(memberships.createdAt), asc(people.name))
      .limit(options.limit ?? 30),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(memberships)
      .where(traineeAt(centerId)),
  ]);
  return { trainees, total: Number(total?.n ?? 0) };
}

/** How many trainees the center has now. */
export async function countCenterTrainees(db: DbOrTx, centerId: string) {
  const [row] = await db.select({ n: count() }).from(memberships).where(traineeAt(centerId));
  return Number(row?.n ?? 0);
}

/** Whether the person holds any role besides trainee (staff, admin, employer). */
export async function hasRoleOtherThanTrainee(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), sql`${memberships.role} <> 'trainee'`))
    .limit(1);
  return !!row;
}

/**
 * Moves a trainee's role from one center to another (inside the caller's transaction, row locked).
 * False when they are not (or no longer) the trainee of `fromCenterId`: a repeated request moves nothing.
 * If they already are a trainee of the target too, the old role simply goes.
 */
export async function moveTraineeRole(tx: DbOrTx, userId: string, fromCenterId: string, toCenterId: string) {
  const [membership] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), traineeAt(fromCenterId)))
    .for("update");
  if (!membership) return false;
  const [already] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), traineeAt(toCenterId)));
  if (already) await tx.delete(memberships).where(eq(memberships.id, membership.id));
  else await tx.update(memberships).set({ organizationId: toCenterId }).where(eq(memberships.id, membership.id));
  return true;
}

/**
 * Makes these people the center's trainees in bulk (the enrolment import): those who named no center
 * at sign-up (`claiming`) keep their one trainee role, now at this center; the others get a new role
 * (an existing identical role is left alone).
 */
export async function enrolTraineesAtCenter(
  tx: DbOrTx,
  centerId: string,
  people: { claiming: readonly string[]; joining: readonly string[] },
) {
  const CHUNK = 1000;
  for (let i = 0; i < people.claiming.length; i += CHUNK)
    await tx
      .update(memberships)
      .set({ organizationId: centerId })
      .where(
        and(
          eq(memberships.role, "trainee"),
          isNull(memberships.organizationId),
          inArray(memberships.userId, people.claiming.slice(i, i + CHUNK)),
        ),
      );
  await insertColumns(
    tx,
    memberships,
    [
      { name: memberships.userId.name, type: "uuid", values: people.joining },
      { name: memberships.role.name, type: "role", values: people.joining.map(() => "trainee") },
      { name: memberships.organizationId.name, type: "uuid", values: people.joining.map(() => centerId) },
    ],
    sql`on conflict do nothing`,
  );
}
