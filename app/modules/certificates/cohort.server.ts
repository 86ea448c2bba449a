import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificates } from "#db/schema";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { cohortRoster } from "~/modules/cohorts/index.server";
import { currentCertificate } from "./held.server";

type Actor = Pick<SessionUser, "id" | "memberships">;

/** The current certificates of the cohort's members for its level, for the cohort's ZIP. */
export async function cohortCertificates(
  db: DbOrTx,
  actor: Actor,
  center: { id: string; regionId: string | null },
  cohortId: string,
) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  return certificatesOfCohort(db, center.id, cohortId);
}

/** cohortCertificates for a caller that checked who asks already (the certificate-pdfs job, for its run). */
export async function certificatesOfCohort(db: DbOrTx, centerId: string, cohortId: string) {
  const { cohort, members } = await cohortRoster(db, centerId, cohortId);
  if (!members.length) return { cohort, certificates: [] };
  const rows = await db
    .select({
      id: certificates.id,
      record: certificates.record,
      serial: certificates.serial,
      centerId: certificates.centerId,
    })
    .from(certificates)
    .where(
      and(
        inArray(
          certificates.userId,
          members.map((m) => m.id),
        ),
        eq(certificates.levelSlug, cohort.levelSlug),
        currentCertificate(),
      ),
    )
    .orderBy(asc(certificates.serial));
  return { cohort, certificates: rows };
}

/** How many files the cohort's ZIP would hold: its members' current certificates of its level. */
export async function countCurrentCertificates(db: DbOrTx, userIds: string[], levelSlug: string): Promise<number> {
  if (!userIds.length) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(certificates)
    .where(and(inArray(certificates.userId, userIds), eq(certificates.levelSlug, levelSlug), currentCertificate()));
  return Number(row?.n ?? 0);
}
