import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { caseDefences, portfolioCases } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { people } from "~/modules/auth/index.server";
import { centerMemberIds, requirePermission, traineeIdsOfCenter } from "~/modules/orgs/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { notFound } from "~/utils/errors.server";
import type { Actor } from "./access.server";
import { evidenceOfCases } from "./cases.server";

export interface CenterRef {
  id: string;
  regionId: string | null;
}

/** The levels whose certificate asks for approved cases or a case defence, as levels.yaml says. */
export async function portfolioLevels(db: DbOrTx) {
  const levels = await loadLevels(db);
  return levels
    .filter((l) => l.config.certificate.portfolioCases > 0 || l.config.certificate.caseDefence)
    .map((l) => ({
      slug: l.slug,
      nameZh: l.nameZh,
      nameEn: l.nameEn,
      casesRequired: l.config.certificate.portfolioCases,
      defenceRequired: l.config.certificate.caseDefence,
    }));
}

/** What a case says, as its holder wrote it: the columns the review queue and the holder's data export share. */
export const caseFacts = {
  id: portfolioCases.id,
  title: portfolioCases.title,
  contractType: portfolioCases.contractType,
  registrationNo: portfolioCases.registrationNo,
  amountFen: portfolioCases.amountFen,
  role: portfolioCases.role,
  startedOn: portfolioCases.startedOn,
  endedOn: portfolioCases.endedOn,
  description: portfolioCases.description,
};

/** Cases waiting for the center's review, oldest first, with their evidence files. */
export async function reviewQueue(db: DbOrTx, actor: Actor, center: CenterRef) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const cases = await db
    .select({
      ...caseFacts,
      reviewComment: portfolioCases.reviewComment,
      createdAt: portfolioCases.createdAt,
      updatedAt: portfolioCases.updatedAt,
      traineeId: people.id,
      traineeName: people.name,
    })
    .from(portfolioCases)
    .innerJoin(people, eq(people.id, portfolioCases.userId))
    .where(
      and(eq(portfolioCases.status, "submitted"), inArray(portfolioCases.userId, traineeIdsOfCenter(db, center.id))),
    )
    .orderBy(asc(portfolioCases.createdAt), asc(portfolioCases.id));
  const evidence = await evidenceOfCases(
    db,
    cases.map((c) => c.id),
  );
  return cases.map((c) => ({ ...c, evidence: evidence.filter((e) => e.caseId === c.id) }));
}

/** A case of one of the center's trainees, locked for review; another center's case is not found. */
async function lockCenterCase(tx: DbOrTx, centerId: string, caseId: string) {
  const [found] = await tx
    .select({
      id: portfolioCases.id,
      title: portfolioCases.title,
      userId: portfolioCases.userId,
      status: portfolioCases.status,
      reviewComment: portfolioCases.reviewComment,
    })
    .from(portfolioCases)
    .where(and(eq(portfolioCases.id, caseId), inArray(portfolioCases.userId, traineeIdsOfCenter(tx, centerId))))
    .for("update");
  if (!found) throw notFound();
  return found;
}

export type ReviewError = "portfolio.errors.notSubmitted" | "portfolio.errors.alreadyApproved";

/**
 * Center staff approve a submitted case. Audited. Approving it again changes nothing (a retried click).
 * Returns the trainee, so that the caller (the certification workflow) can issue a certificate that was
 * waiting for it once the approval has committed.
 */
export async function approveCase(db: DbOrTx, actor: Actor, center: CenterRef, caseId: string, now = new Date()) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  return db.transaction(async (tx) => {
    const current = await lockCenterCase(tx, center.id, caseId);
    if (current.status === "approved") return { ok: true as const, userId: current.userId, title: current.title };
    if (current.status !== "submitted")
      return { ok: false as const, message: "portfolio.errors.notSubmitted" satisfies ReviewError };
    await tx
      .update(portfolioCases)
      .set({ status: "approved", reviewComment: null, reviewedBy: actor.id, reviewedAt: now })
      .where(eq(portfolioCases.id, caseId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "portfolio.approve",
      targetType: "portfolio_case",
      targetId: caseId,
      before: { status: current.status },
      after: { status: "approved" },
    });
    return { ok: true as const, userId: current.userId, title: current.title };
  });
}

/** Center staff return a submitted case to its trainee with a comment saying what to fix. Audited. */
export async function returnCase(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  caseId: string,
  comment: string,
  now = new Date(),
) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  return db.transaction(async (tx) => {
    const current = await lockCenterCase(tx, center.id, caseId);
    // A repeated return is the same event (`repeated`), so nobody is told twice.
    if (current.status === "returned" && current.reviewComment === comment)
      return { ok: true as const, title: current.title, userId: current.userId, repeated: true };
    if (current.status === "approved")
      return { ok: false as const, message: "portfolio.errors.alreadyApproved" satisfies ReviewError };
    if (current.status !== "submitted")
      return { ok: false as const, message: "portfolio.errors.notSubmitted" satisfies ReviewError };
    await tx
      .update(portfolioCases)
      .set({ status: "returned", reviewComment: comment, reviewedBy: actor.id, reviewedAt: now })
      .where(eq(portfolioCases.id, caseId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "portfolio.return",
      targetType: "portfolio_case",
      targetId: caseId,
      before: { status: current.status },
      after: { status: "returned", comment },
    });
    return { ok: true as const, title: current.title, userId: current.userId, repeated: false };
  });
}

export interface DefenceInput {
  userId: string;
  levelSlug: string;
  result: "passed" | "failed";
  heldOn: string;
  panel: string | null;
  comment: string;
}

export type DefenceFailure = { ok: false; field: "userId" | "levelSlug"; message: string };

/**
 * Center staff record the result of a case defence (答辩) held for one of their trainees, for a level
 * that asks for one. Audited; the same record sent twice is kept once. A pass may complete a certificate
 * (the certification workflow issues it after this has committed).
 */
export async function recordDefence(db: DbOrTx, actor: Actor, center: CenterRef, input: DefenceInput) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  const levels = await portfolioLevels(db);
  if (!levels.some((l) => l.slug === input.levelSlug && l.defenceRequired))
    return { ok: false, field: "levelSlug", message: "portfolio.errors.defenceLevel" } satisfies DefenceFailure;
  const recorded = await db.transaction(async (tx) => {
    const trainee = await centerMemberIds(tx, center.id, "trainee", [input.userId]);
    if (trainee.length === 0)
      return { ok: false, field: "userId", message: "portfolio.errors.defenceTrainee" } satisfies DefenceFailure;
    const same = and(
      eq(caseDefences.userId, input.userId),
      eq(caseDefences.levelSlug, input.levelSlug),
      eq(caseDefences.result, input.result),
      eq(caseDefences.heldOn, input.heldOn),
      eq(caseDefences.comment, input.comment),
    );
    const [existing] = await tx.select({ id: caseDefences.id }).from(caseDefences).where(same);
    if (existing) return { ok: true as const, defenceId: existing.id };
    const [row] = await tx
      .insert(caseDefences)
      .values({ ...input, recordedBy: actor.id })
      .returning({ id: caseDefences.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "portfolio.defence",
      targetType: "case_defence",
      targetId: row!.id,
      after: input,
    });
    return { ok: true as const, defenceId: row!.id };
  });
  return recorded;
}

/** The defences recorded for the center's trainees, latest first. */
export async function centerDefences(db: DbOrTx, actor: Actor, center: CenterRef) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  return db
    .select({
      id: caseDefences.id,
      traineeName: people.name,
      levelSlug: caseDefences.levelSlug,
      result: caseDefences.result,
      heldOn: caseDefences.heldOn,
      panel: caseDefences.panel,
      comment: caseDefences.comment,
      createdAt: caseDefences.createdAt,
    })
    .from(caseDefences)
    .innerJoin(people, eq(people.id, caseDefences.userId))
    .where(inArray(caseDefences.userId, traineeIdsOfCenter(db, center.id)))
    .orderBy(desc(caseDefences.heldOn), desc(caseDefences.createdAt))
    .limit(100);
}

/** A trainee's defences, latest first, as they see them on their portfolio. */
export async function defencesOf(db: DbOrTx, userId: string) {
  return db
    .select({
      id: caseDefences.id,
      levelSlug: caseDefences.levelSlug,
      result: caseDefences.result,
      heldOn: caseDefences.heldOn,
      panel: caseDefences.panel,
      comment: caseDefences.comment,
    })
    .from(caseDefences)
    .where(eq(caseDefences.userId, userId))
    .orderBy(desc(caseDefences.heldOn), desc(caseDefences.createdAt));
}
