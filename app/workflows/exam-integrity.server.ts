import type { DbOrTx } from "#db/client";
import { decideReview, endAttempt } from "~/modules/exams/index.server";
import { notify } from "~/modules/notifications/index.server";
import type { SessionUser } from "~/modules/orgs/index.server";
import { publicUrl } from "~/utils/env.server";
import { issueAfterGrading, issueIfEligible } from "./certification.server";

type Actor = Pick<SessionUser, "id" | "memberships">;

/**
 * A flagged attempt is decided (docs/exam-integrity.md): the candidate is told, and an accepted pass may
 * now complete the level's certificate, which waited for the decision.
 */
export async function decideIntegrityReview(
  db: DbOrTx,
  actor: Actor,
  centerId: string,
  input: { attemptId: string; decision: "accepted" | "voided"; reason: string; now?: Date },
) {
  const outcome = await decideReview(db, actor, centerId, input);
  if (!outcome.ok) return outcome;
  const { decided } = outcome;
  await notify(db, publicUrl(), [
    {
      userId: decided.userId,
      kind: "exam_integrity_decision",
      subject: decided.attemptId,
      occurrence: (input.now ?? new Date()).toISOString(),
      params: { level: decided.levelSlug, decision: decided.decision, reason: input.reason.trim() },
      link: "/exams",
    },
  ]);
  const issued =
    decided.decision === "accepted" && decided.passed
      ? await issueIfEligible(db, decided.userId, decided.levelSlug, { issuedBy: actor.id })
      : null;
  return { ok: true as const, decided, issued };
}

/**
 * A proctor ends an attempt: graded from its saved answers and flagged, so the result is announced but no
 * certificate is issued on it until the review is decided.
 */
export async function endAttemptByProctor(
  db: DbOrTx,
  actor: Actor,
  scope: { centerId: string; sessionId: string },
  input: { attemptId: string; reason: string; now?: Date },
) {
  const outcome = await endAttempt(db, actor, scope, input);
  if (outcome.ok) await issueAfterGrading(db, outcome.graded, { issuedBy: actor.id });
  return outcome;
}
