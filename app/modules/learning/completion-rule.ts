import type { LessonCompletionRule } from "~/modules/content";

/** What still stands between a trainee and marking a lesson complete (empty: it may be completed). */
export type CompletionBlocker =
  | { kind: "time"; minutesLeft: number; secondsLeft: number }
  | { kind: "selfCheck"; unanswered: number }
  | { kind: "order"; lesson: { slug: string; titleZh: string; titleEn: string } };

export interface CompletionFacts {
  rule: LessonCompletionRule;
  /** The lesson's estimated minutes. */
  minutes: number;
  /** Study time the server accepted (capped heartbeats). */
  secondsSpent: number;
  selfCheckCount: number;
  /** Positions of the self-check questions answered, right or wrong. */
  selfCheckAnswered: readonly number[];
  /** The course keeps its lessons in order (course.md `sequential: true`). */
  sequential: boolean;
  /** The first earlier lesson of the course not yet completed, if any. */
  firstEarlierIncomplete: { slug: string; titleZh: string; titleEn: string } | null;
}

/**
 * The lesson completion rule of levels.yaml applied to one trainee's lesson: the time still to study
 * (rounded up to whole minutes, so "about 1 minute" never hides a few seconds), the self-check questions
 * not answered, the earlier lesson to complete first.
 */
export function completionBlockers(facts: CompletionFacts): CompletionBlocker[] {
  const blockers: CompletionBlocker[] = [];
  if (facts.sequential && facts.firstEarlierIncomplete)
    blockers.push({ kind: "order", lesson: facts.firstEarlierIncomplete });
  const needed = Math.ceil(facts.minutes * 60 * facts.rule.minShareOfEstimate);
  const secondsLeft = Math.max(0, needed - facts.secondsSpent);
  if (secondsLeft > 0) blockers.push({ kind: "time", secondsLeft, minutesLeft: Math.ceil(secondsLeft / 60) });
  if (facts.rule.requireSelfCheck) {
    const answered = new Set(facts.selfCheckAnswered.filter((i) => i >= 0 && i < facts.selfCheckCount));
    const unanswered = facts.selfCheckCount - answered.size;
    if (unanswered > 0) blockers.push({ kind: "selfCheck", unanswered });
  }
  return blockers;
}
