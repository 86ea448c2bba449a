import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificates, cohortMembers, cohorts, users } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { requirePermission } from "~/modules/auth/index.server";
import type { SessionUser } from "~/modules/auth/index.server";
import { notFound } from "~/utils/errors.server";
import { issueIfEligible, type IssueOutcome } from "./issuance.server";

type Actor = Pick<SessionUser, "id" | "memberships">;

async function cohortOf(db: DbOrTx, centerId: string, cohortId: string) {
  const [cohort] = await db.select().from(cohorts).where(and(eq(cohorts.id, cohortId), eq(cohorts.centerId, centerId)));
  if (!cohort) throw notFound();
  return cohort;
}

async function membersOf(db: DbOrTx, cohortId: string) {
  return db
    .select({ id: users.id, name: users.name })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(eq(cohortMembers.cohortId, cohortId))
    .orderBy(asc(users.name));
}

/**
 * Center staff issue the cohort level's certificate to every member who meets its rules; for each of
 * the others the result says what is missing. Safe to repeat: holders are reported, not issued twice.
 */
export async function issueForCohort(db: DbOrTx, actor: Actor, centerId: string, cohortId: string) {
  requirePermission(actor, "manage:center", { centerId });
  const cohort = await cohortOf(db, centerId, cohortId);
  const results: { userId: string; name: string; outcome: IssueOutcome }[] = [];
  for (const member of await membersOf(db, cohortId))
    results.push({ userId: member.id, name: member.name, outcome: await issueIfEligible(db, member.id, cohort.levelSlug, { issuedBy: actor.id }) });
  const issued = results.filter((r) => r.outcome.issued).length;
  await recordAudit(db, { actorId: actor.id, action: "certificate.issue_cohort", targetType: "cohort", targetId: cohortId, after: { issued, members: results.length } });
  return results;
}

/** The current certificates of the cohort's members for its level, for the cohort's ZIP. */
export async function cohortCertificates(db: DbOrTx, actor: Actor, center: { id: string; regionId: string | null }, cohortId: string) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const cohort = await cohortOf(db, center.id, cohortId);
  const members = await membersOf(db, cohortId);
  if (!members.length) return { cohort, certificates: [] };
  const rows = await db
    .select({ record: certificates.record, serial: certificates.serial })
    .from(certificates)
    .where(
      and(
        inArray(certificates.userId, members.map((m) => m.id)),
        eq(certificates.levelSlug, cohort.levelSlug),
        isNull(certificates.revokedAt),
        isNull(certificates.supersededAt),
      ),
    )
    .orderBy(asc(certificates.serial));
  return { cohort, certificates: rows };
}
