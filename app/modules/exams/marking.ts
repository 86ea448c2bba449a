/**
 * The rules of marking written answers (docs/grading.md), pure so that the grading queue and the grading
 * itself decide alike.
 *
 * - Without second marking, the first grader's mark is final.
 * - With second marking, once every written answer of the attempt has a first mark, the provisional total
 *   T = the objective points + every written answer's first mark is compared with the pass mark. A written
 *   answer "decides pass or fail" when |T − pass mark| ≤ its points (a different mark for it alone could
 *   move the attempt across the pass mark); such an answer needs a second mark by another person. Other
 *   answers keep their first mark.
 * - Two marks within the tolerance (20 % of the answer's points) → the mean, criterion by criterion when
 *   the rubric lists criteria (each rounded to a tenth of a point, half up; the total is their sum).
 *   Further apart → a third person marks, and the median of the three marks stands (with its criteria).
 * Graders do not see each other's marks.
 */

/** How far apart two marks may be, as a percentage of the answer's points, before a third mark is needed. */
export const SECOND_MARKING_TOLERANCE_PERCENT = 20;

export interface Mark {
  item: number;
  part: number;
  round: number;
  graderId: string | null;
  pointsTenths: number;
  criteriaTenths: number[] | null;
  comment: string | null;
}

export interface AnswerPoints {
  item: number;
  part: number;
  /** Null while a written answer waits for its final points. */
  pointsTenths: number | null;
}

export type EssayState =
  | { kind: "final"; pointsTenths: number; criteriaTenths: number[] | null; comment: string | null; by: string | null }
  | { kind: "needs"; round: 1 | 2 | 3; markedBy: (string | null)[] }
  // A first mark is given, but whether a second is needed is known only once every written answer has one.
  | { kind: "waiting" };

export const answerKey = (a: { item: number; part: number }) => `${a.item}:${a.part}`;

const mean = (a: number, b: number) => Math.round((a + b) / 2);

function meanOf(a: Mark, b: Mark): Pick<Mark, "pointsTenths" | "criteriaTenths"> {
  if (a.criteriaTenths && b.criteriaTenths && a.criteriaTenths.length === b.criteriaTenths.length) {
    const criteriaTenths = a.criteriaTenths.map((x, i) => mean(x, b.criteriaTenths![i]!));
    return { criteriaTenths, pointsTenths: criteriaTenths.reduce((n, x) => n + x, 0) };
  }
  return { pointsTenths: mean(a.pointsTenths, b.pointsTenths), criteriaTenths: null };
}

const comments = (marks: Mark[]) =>
  marks
    .map((m) => m.comment?.trim())
    .filter(Boolean)
    .join("\n") || null;

/**
 * The state of each written answer of one attempt still without final points. Written answers are those
 * with marks or without points; `maxTenths` gives each one's points, `passTenths` the pass mark in tenths
 * (pass percent × the attempt's maximum ÷ 100).
 */
export function markingStates(input: {
  secondMarking: boolean;
  passTenths: number;
  answers: AnswerPoints[];
  marks: Mark[];
  maxTenths: Map<string, number>;
}): Map<string, EssayState> {
  const marksOf = new Map<string, Mark[]>();
  for (const m of [...input.marks].sort((a, b) => a.round - b.round))
    marksOf.set(answerKey(m), [...(marksOf.get(answerKey(m)) ?? []), m]);
  const essays = input.answers.filter((a) => a.pointsTenths === null || marksOf.has(answerKey(a)));
  const objective = input.answers.filter((a) => !essays.includes(a)).reduce((n, a) => n + (a.pointsTenths ?? 0), 0);
  const firstMarks = essays.map((a) => marksOf.get(answerKey(a))?.[0]);
  const allFirst = firstMarks.every(Boolean);
  const provisional = objective + firstMarks.reduce((n, m) => n + (m?.pointsTenths ?? 0), 0);

  const states = new Map<string, EssayState>();
  for (const answer of essays) {
    if (answer.pointsTenths !== null) continue;
    const key = answerKey(answer);
    const marks = marksOf.get(key) ?? [];
    const markedBy = marks.map((m) => m.graderId);
    const [first, second, third] = marks;
    if (!first) {
      states.set(key, { kind: "needs", round: 1, markedBy });
      continue;
    }
    const max = input.maxTenths.get(key) ?? 0;
    const decisive = input.secondMarking && Math.abs(provisional - input.passTenths) <= max;
    if (!input.secondMarking || (allFirst && !decisive)) {
      states.set(key, { kind: "final", ...pick(first), comment: first.comment, by: first.graderId });
    } else if (!allFirst) {
      states.set(key, { kind: "waiting" });
    } else if (!second) {
      states.set(key, { kind: "needs", round: 2, markedBy });
    } else if (Math.abs(first.pointsTenths - second.pointsTenths) * 100 <= SECOND_MARKING_TOLERANCE_PERCENT * max) {
      states.set(key, {
        kind: "final",
        ...meanOf(first, second),
        comment: comments([first, second]),
        by: second.graderId,
      });
    } else if (!third) {
      states.set(key, { kind: "needs", round: 3, markedBy });
    } else {
      const median = [first, second, third].sort((a, b) => a.pointsTenths - b.pointsTenths)[1]!;
      states.set(key, {
        kind: "final",
        ...pick(median),
        comment: comments([first, second, third]),
        by: third.graderId,
      });
    }
  }
  return states;
}

const pick = (m: Mark) => ({ pointsTenths: m.pointsTenths, criteriaTenths: m.criteriaTenths });

/** The number graders see instead of the candidate's name under anonymous marking: from the attempt, not the person. */
export function candidateNumber(attemptId: string): string {
  return attemptId.replace(/-/g, "").slice(0, 8).toUpperCase();
}
