import type { DbOrTx } from "#db/client";
import { recordAudit } from "~/modules/audit/index.server";
import { requirePermission, type SessionUser, traineeCenterOf } from "~/modules/orgs/index.server";
import {
  certificateEligibility,
  currentCertificateId,
  issueCertificate,
  type RequirementId,
} from "~/modules/certificates/index.server";
import { cohortRoster } from "~/modules/cohorts/index.server";
import {
  approveCase,
  type CenterRef,
  type DefenceInput,
  portfolioLevels,
  recordDefence,
} from "~/modules/portfolio/index.server";
import { publicUrl } from "~/utils/env.server";
import { type Failure, fieldFailure } from "~/utils/failure";
import { notifyCertificateIssued, notifyResultAvailable } from "./notify.server";

/**
 * The certification workflow: "issue the certificate when every requirement is met", run after whatever
 * may have completed a requirement (grading, a portfolio approval, a passed defence, center staff asking
 * for a cohort). It spans areas (exams, learning, portfolio, orgs, certificates), so it lives above them
 * all: the areas below never call up into certificates.
 */

type Actor = Pick<SessionUser, "id" | "memberships">;

export type IssueOutcome =
  | { issued: true; certificateId: string }
  | { issued: false; reason: "already_held"; certificateId: string }
  | { issued: false; reason: "not_eligible"; missing: RequirementId[] };

/** Issues the level's certificate when every requirement is met; called after grading and approvals. */
export async function issueIfEligible(
  db: DbOrTx,
  userId: string,
  levelSlug: string,
  options: { now?: Date; issuedBy?: string | null } = {},
): Promise<IssueOutcome> {
  const existing = await currentCertificateId(db, userId, levelSlug);
  if (existing) return { issued: false, reason: "already_held", certificateId: existing };
  const eligibility = await certificateEligibility(db, userId, levelSlug);
  if (!eligibility) return { issued: false, reason: "not_eligible", missing: [] };
  if (!eligibility.eligible)
    return {
      issued: false,
      reason: "not_eligible",
      missing: eligibility.requirements.filter((r) => !r.met).map((r) => r.id),
    };
  const issued = await issueCertificate(db, {
    userId,
    levelSlug,
    centerId: await traineeCenterOf(db, userId),
    issuedAt: options.now ?? new Date(),
    issuedBy: options.issuedBy ?? null,
  });
  // The holder is told once the certificate is committed (docs/notifications.md).
  if (issued.created)
    await notifyCertificateIssued(db, publicUrl(), { certificateId: issued.certificateId, userId, levelSlug });
  return issued.created
    ? { issued: true, certificateId: issued.certificateId }
    : { issued: false, reason: "already_held", certificateId: issued.certificateId };
}

/**
 * After an exam is graded (automatically at submission or by the sweep, or an essay by a grader): a pass
 * may complete the level's certificate. Call it once the grading has committed.
 */
export async function issueAfterGrading(
  db: DbOrTx,
  graded: { attemptId?: string; userId: string; levelSlug: string; passed: boolean | null } | null | undefined,
  options: { now?: Date; issuedBy?: string | null } = {},
): Promise<IssueOutcome | null> {
  // A final result (pass or fail; null while essays wait for a grader) is announced once per attempt.
  if (graded?.attemptId && graded.passed !== null)
    await notifyResultAvailable(db, publicUrl(), {
      attemptId: graded.attemptId,
      userId: graded.userId,
      levelSlug: graded.levelSlug,
    });
  if (!graded?.passed) return null;
  return issueIfEligible(db, graded.userId, graded.levelSlug, options);
}

/**
 * After an approval or a passed defence has committed, the certificates that needed it are issued if
 * every other requirement is met too. Runs outside the review's transaction, so a certificate is only
 * ever issued on a committed approval.
 */
async function issueWherePortfolioCounts(db: DbOrTx, actor: Actor, userId: string) {
  const issued: { levelSlug: string; certificateId: string }[] = [];
  for (const level of await portfolioLevels(db)) {
    const outcome = await issueIfEligible(db, userId, level.slug, { issuedBy: actor.id });
    if (outcome.issued) issued.push({ levelSlug: level.slug, certificateId: outcome.certificateId });
  }
  return issued;
}

/** Center staff approve a submitted case; then any certificate that was waiting for it is issued. */
export async function approveCaseAndIssue(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  caseId: string,
  now = new Date(),
) {
  const reviewed = await approveCase(db, actor, center, caseId, now);
  if (!reviewed.ok) return reviewed;
  return {
    ok: true as const,
    title: reviewed.title,
    userId: reviewed.userId,
    issued: await issueWherePortfolioCounts(db, actor, reviewed.userId),
  };
}

/** Center staff record a case defence; a pass may complete a certificate, issued by the staff member. */
export async function recordDefenceAndIssue(db: DbOrTx, actor: Actor, center: CenterRef, input: DefenceInput) {
  const recorded = await recordDefence(db, actor, center, input);
  if (!recorded.ok) return recorded;
  const issued = input.result === "passed" ? await issueWherePortfolioCounts(db, actor, input.userId) : [];
  return { ...recorded, issued };
}

/**
 * Center staff issue the cohort level's certificate to every member who meets its rules; for each of
 * the others the result says what is missing. Safe to repeat: holders are reported, not issued twice.
 */
export async function issueForCohort(db: DbOrTx, actor: Actor, centerId: string, cohortId: string) {
  requirePermission(actor, "manage:center", { centerId });
  const { cohort, members } = await cohortRoster(db, centerId, cohortId);
  return issueToMembers(db, actor, cohortId, cohort.levelSlug, members);
}

/**
 * Center staff issue the cohort level's certificate to the members they chose in the picker: each who meets
 * the rules is issued, each of the others is reported with what is missing. When anyone chosen is not (or no
 * longer) a member, nothing is issued and the form says so: staff choose again from the current list.
 */
export async function issueForChosenMembers(
  db: DbOrTx,
  actor: Actor,
  centerId: string,
  cohortId: string,
  userIds: readonly string[],
): Promise<{ ok: true; results: MemberIssueResult[] } | Failure> {
  requirePermission(actor, "manage:center", { centerId });
  const { cohort, members } = await cohortRoster(db, centerId, cohortId);
  const chosen = new Set(userIds);
  if (!chosen.size) return fieldFailure("userIds", "validation.cohort.noneSelected");
  const memberIds = new Set(members.map((m) => m.id));
  if ([...chosen].some((id) => !memberIds.has(id))) return fieldFailure("userIds", "validation.cohort.notMember");
  const results = await issueToMembers(
    db,
    actor,
    cohortId,
    cohort.levelSlug,
    members.filter((m) => chosen.has(m.id)),
  );
  return { ok: true, results };
}

type MemberIssueResult = { userId: string; name: string; outcome: IssueOutcome };

async function issueToMembers(
  db: DbOrTx,
  actor: Actor,
  cohortId: string,
  levelSlug: string,
  members: readonly { id: string; name: string }[],
): Promise<MemberIssueResult[]> {
  const results: MemberIssueResult[] = [];
  // One at a time: each certificate is its own transaction, so a failure leaves no certificate half-written.
  for (const member of members)
    results.push({
      userId: member.id,
      name: member.name,
      outcome: await issueIfEligible(db, member.id, levelSlug, { issuedBy: actor.id }),
    });
  const issued = results.filter((r) => r.outcome.issued).length;
  await recordAudit(db, {
    actorId: actor.id,
    action: "certificate.issue_cohort",
    targetType: "cohort",
    targetId: cohortId,
    after: { issued, members: results.length },
  });
  return results;
}
