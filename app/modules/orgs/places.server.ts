import { and, asc, eq } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import type { DbOrTx } from "#db/client";
import { organizations, regions } from "#db/schema";

/**
 * Organizations and regions as other areas may read them: joinable subqueries (one SQL query, inlined by
 * PostgreSQL) instead of naming orgs' tables. Give each use in one query its own alias.
 */
export function organizationsAs<A extends string>(alias: A) {
  return new QueryBuilder()
    .select({
      id: organizations.id,
      kind: organizations.kind,
      nameZh: organizations.nameZh,
      nameEn: organizations.nameEn,
      regionId: organizations.regionId,
    })
    .from(organizations)
    .as(alias);
}

export function regionsAs<A extends string>(alias: A) {
  return new QueryBuilder()
    .select({ id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn })
    .from(regions)
    .as(alias);
}

/** A training center by id (undefined for another kind of organization or none). */
export async function findTrainingCenter(db: DbOrTx, id: string) {
  const [center] = await db
    .select({
      id: organizations.id,
      regionId: organizations.regionId,
      nameZh: organizations.nameZh,
      nameEn: organizations.nameEn,
    })
    .from(organizations)
    .where(and(eq(organizations.id, id), eq(organizations.kind, "training_center")));
  return center;
}

/** Every training center with its region id, by Chinese name (for choosing a transfer target). */
export async function listTrainingCenterRefs(db: DbOrTx) {
  return db
    .select({
      id: organizations.id,
      nameZh: organizations.nameZh,
      nameEn: organizations.nameEn,
      regionId: organizations.regionId,
    })
    .from(organizations)
    .where(eq(organizations.kind, "training_center"))
    .orderBy(asc(organizations.nameZh));
}
