import type { DbOrTx } from "#db/client";
import { DEFAULT_INTEGRITY_POLICY } from "~/modules/content";
import { examEligibility } from "./eligibility.server";

/**
 * What a candidate reads before the clock starts: the sections and their question counts, the time allowed
 * (with any extra time) and when the session closes, the pass mark, attempts used and left, the review
 * policy, and whether they may start now (else every reason). `held`: see examEligibility.
 */
export async function examBriefing(
  db: DbOrTx,
  userId: string,
  levelSlug: string,
  held: ReadonlySet<string>,
  now = new Date(),
) {
  const e = await examEligibility(db, userId, levelSlug, held, now);
  const minutes = e.exam.durationMinutes + e.accommodation.extraMinutes;
  // The clock stops at the earlier of the time allowed and the session's close.
  const endsBy = new Date(
    Math.min(now.getTime() + minutes * 60_000, e.windowClosesAt?.getTime() ?? Number.POSITIVE_INFINITY),
  );
  return {
    levelSlug,
    title: e.exam.title,
    sections: e.exam.sections.map((s) => ({ name: s.name, count: s.draw })),
    questions: e.exam.sections.reduce((n, s) => n + s.draw, 0),
    minutes,
    extraMinutes: e.accommodation.extraMinutes,
    closesAt: e.windowClosesAt?.toISOString() ?? null,
    cutShort: endsBy.getTime() < now.getTime() + minutes * 60_000,
    passPercent: e.exam.passPercent,
    attemptsUsed: e.attemptsUsed,
    attemptsLeft: Math.max(0, e.attemptLimit - e.attemptsUsed),
    review: e.exam.review,
    openAttemptId: e.openAttemptId,
    reasons: e.reasons,
    rules: e.rules,
    waitUntil: e.waitUntil?.toISOString() ?? null,
    // Exam integrity (docs/exam-integrity.md): whether the session asks a code, and what is recorded.
    accessCodeRequired: !!e.session && e.session.accessCodeMode !== "none",
    integrity: e.exam.integrity ?? DEFAULT_INTEGRITY_POLICY,
  };
}
