import { and, asc, desc, eq, ilike, like as likeCase, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { cohortMembers, cohorts } from "#db/schema";
import { people } from "~/modules/auth/index.server";
import { centerTraineesOf, requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { maskMobile, PICKER_MAX_MATCHING, PICKER_PAGE_SIZE, type PickerFilter } from "./picker";

/** A typed search matches literally: % and _ are not wildcards. */
const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * ILIKE lower-cases every name it compares, which costs several times a plain LIKE: at a center of 5,000 (and a
 * database of many more) that is most of the search's time. A search without letters that have a case (a Chinese
 * name, digits) matches the same under LIKE, so only a search with such letters pays for ILIKE.
 */
const hasCase = (q: string) => [...q].some((c) => c.toLowerCase() !== c || c.toUpperCase() !== c);

/** Who a picker chooses among, beyond the center's trainees: adding to a cohort, issuing to its members. */
export interface PickerScope {
  notInCohort?: string;
  inCohort?: string;
}

/**
 * The center's trainees that match a picker's filters: name, e-mail or mobile containing the search; a
 * member of the chosen cohort (of this center); in a cohort of the chosen level at this center; for adding to
 * a cohort, not yet its member; for issuing to a cohort's members, its member.
 */
function matching(centerId: string, filter: Omit<PickerFilter, "page">, options: PickerScope) {
  const trainees = centerTraineesOf(centerId, "picker_trainees");
  const where: (SQL | undefined)[] = [];
  if (filter.q) {
    const digits = filter.q.replace(/[\s-]/g, "");
    const contains = hasCase(filter.q) ? ilike : likeCase;
    where.push(
      or(
        contains(people.name, like(filter.q)),
        contains(people.email, like(filter.q)),
        /^\d{3,11}$/.test(digits) ? likeCase(people.phone, like(digits)) : undefined,
      ),
    );
  }
  const inCohorts = (condition: SQL) =>
    sql`${people.id} in (select ${cohortMembers.userId} from ${cohortMembers} join ${cohorts} on ${cohorts.id} = ${cohortMembers.cohortId} where ${cohorts.centerId} = ${centerId}::uuid and ${condition})`;
  if (filter.cohortId) where.push(inCohorts(sql`${cohorts.id} = ${filter.cohortId}::uuid`));
  if (filter.level) where.push(inCohorts(sql`${cohorts.levelSlug} = ${filter.level}`));
  if (options.inCohort)
    where.push(
      sql`${people.id} in (select ${cohortMembers.userId} from ${cohortMembers} where ${cohortMembers.cohortId} = ${options.inCohort}::uuid)`,
    );
  if (options.notInCohort)
    where.push(
      sql`${people.id} not in (select ${cohortMembers.userId} from ${cohortMembers} where ${cohortMembers.cohortId} = ${options.notInCohort}::uuid)`,
    );
  return { trainees, where: and(...where) };
}

export interface PickerRow {
  id: string;
  name: string;
  mobile: string | null;
  email: string | null;
  cohorts: string;
}

/** One page of matching trainees (by name), with how many match in all. */
export async function pickTrainees(db: DbOrTx, centerId: string, filter: PickerFilter, options: PickerScope = {}) {
  const { trainees, where } = matching(centerId, filter, options);
  const cohortList = sql<string>`coalesce((select string_agg(${cohorts.name}, '、' order by ${cohorts.startsOn} desc) from ${cohortMembers} join ${cohorts} on ${cohorts.id} = ${cohortMembers.cohortId} where ${cohortMembers.userId} = ${people.id} and ${cohorts.centerId} = ${centerId}::uuid), '')`;
  const count = () =>
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(trainees)
      .innerJoin(people, eq(people.id, trainees.userId))
      .where(where);
  // The page and how many match in one pass over the center's trainees (the count is taken before the limit).
  const rows = await db
    .select({
      id: people.id,
      name: people.name,
      phone: people.phone,
      email: people.email,
      cohorts: cohortList,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(trainees)
    .innerJoin(people, eq(people.id, trainees.userId))
    .where(where)
    .orderBy(asc(people.name), asc(people.id))
    .limit(PICKER_PAGE_SIZE)
    .offset((filter.page - 1) * PICKER_PAGE_SIZE);
  // A page past the end has no row to carry the count.
  const total = rows.length ? rows[0]!.total : filter.page > 1 ? ((await count())[0]?.n ?? 0) : 0;
  return {
    rows: rows.map<PickerRow>((r) => ({
      id: r.id,
      name: r.name,
      mobile: maskMobile(r.phone),
      email: r.email,
      cohorts: r.cohorts,
    })),
    total: Number(total),
    page: filter.page,
    pageSize: PICKER_PAGE_SIZE,
  };
}

/** Every matching trainee's id, for "select all matching" (at most PICKER_MAX_MATCHING + 1, so the caller can refuse more). */
export async function matchingTraineeIds(
  db: DbOrTx,
  centerId: string,
  filter: Omit<PickerFilter, "page">,
  options: PickerScope = {},
) {
  const { trainees, where } = matching(centerId, filter, options);
  const rows = await db
    .select({ id: people.id })
    .from(trainees)
    .innerJoin(people, eq(people.id, trainees.userId))
    .where(where)
    .orderBy(asc(people.name), asc(people.id))
    .limit(PICKER_MAX_MATCHING + 1);
  return rows.map((r) => r.id);
}

/**
 * The center's cohorts for the picker's cohort filter: id and name, in listCohorts' order (latest first). Without
 * listCohorts' member counts, which the filter does not show and which counted every cohort's members.
 */
export async function pickerCohorts(
  db: DbOrTx,
  actor: Pick<SessionUser, "memberships">,
  center: { id: string; regionId: string | null },
) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  return db
    .select({ id: cohorts.id, name: cohorts.name })
    .from(cohorts)
    .where(eq(cohorts.centerId, center.id))
    .orderBy(desc(cohorts.startsOn), asc(cohorts.name));
}
