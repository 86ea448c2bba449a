import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { examAccommodations, examAttempts, examIntegrityReviews } from "#db/schema";
import { levelAt } from "~/modules/content/index.server";
import { levelStatusOf } from "~/modules/learning/index.server";
import { notFound } from "~/utils/errors.server";
import { openSessionFor } from "./sessions.server";
import { examWithVersionOf } from "./settings.server";

const HOUR_MS = 60 * 60 * 1000;

export type Ineligible =
  | "study_incomplete"
  | "no_attempts_left"
  | "waiting_period"
  | "level_locked"
  | "window_closed"
  | "no_session"
  | "already_passed";

// Asked on every briefing and every start (83 a second on the exam day bench): prepared once per database handle,
// so PostgreSQL neither parses nor plans it again and Drizzle does not rebuild it (docs/performance.md). One round
// trip for the person's attempts at the level and their accommodation: one row per attempt, newest first, each
// with the accommodation beside it, or a single row of nulls for the attempt when there is none.
const attemptsStatement = preparedFor((db) => {
  const userId = sql.placeholder("userId");
  const levelSlug = sql.placeholder("levelSlug");
  return db
    .select({
      extraMinutes: examAccommodations.extraMinutes,
      extraAttempts: examAccommodations.extraAttempts,
      id: examAttempts.id,
      status: examAttempts.status,
      closedAt: examAttempts.closedAt,
      passed: examAttempts.passed,
      // A voided pass (docs/exam-integrity.md) does not stop the person sitting the exam again.
      voided: sql<boolean>`exists (select 1 from ${examIntegrityReviews} where ${examIntegrityReviews.attemptId} = ${examAttempts.id} and ${examIntegrityReviews.decision} = 'voided')`,
    })
    .from(sql`(values (1)) as one`)
    .leftJoin(
      examAccommodations,
      and(eq(examAccommodations.userId, userId), eq(examAccommodations.levelSlug, levelSlug)),
    )
    .leftJoin(examAttempts, and(eq(examAttempts.userId, userId), eq(examAttempts.levelSlug, levelSlug)))
    .orderBy(desc(examAttempts.startedAt))
    .prepare("exam_attempts_for_eligibility");
});

async function attemptsAndAccommodation(db: DbOrTx, userId: string, levelSlug: string) {
  const rows = await attemptsStatement(db).execute({ userId, levelSlug });
  const first = rows[0];
  return {
    accommodation: { extraMinutes: first?.extraMinutes ?? 0, extraAttempts: first?.extraAttempts ?? 0 },
    attempts: rows.flatMap(({ id, status, closedAt, passed, voided }) =>
      id === null || status === null ? [] : [{ id, status, closedAt, passed, voided }],
    ),
  };
}

/**
 * Whether this person may start the level's exam now, and if not, every reason why. `held` is the levels
 * they hold (valid certificates and recorded prior qualifications): the caller asks the areas that know,
 * since certificates sit above exams.
 */
export async function examEligibility(
  db: DbOrTx,
  userId: string,
  levelSlug: string,
  held: ReadonlySet<string>,
  now = new Date(),
) {
  // All at once: a level that does not exist or has no exam is refused by examWithVersionOf (not found), and
  // the other reads have nothing to write. The level's own status waits only for its rules (its courses).
  const [{ exam, levelVersion }, status, { attempts, accommodation }, session] = await Promise.all([
    examWithVersionOf(db, levelSlug),
    levelAt(db, levelSlug).then((level) => level && levelStatusOf(db, userId, level.config, held)),
    attemptsAndAccommodation(db, userId, levelSlug),
    openSessionFor(db, userId, levelSlug, now),
  ]);
  if (!status) throw notFound();
  const open = attempts.find((a) => a.status === "open") ?? null;
  const reasons: Ineligible[] = [];
  // A passed exam is never offered again; a locked level is locked by its prerequisite, whatever the study.
  if (attempts.some((a) => a.passed === true && !a.voided)) reasons.push("already_passed");
  if (status.locked) reasons.push("level_locked");
  else if (!status.studyComplete) reasons.push("study_incomplete");
  const attemptLimit = exam.attemptLimit + accommodation.extraAttempts;
  if (attempts.length >= attemptLimit) reasons.push("no_attempts_left");
  const lastClosed = attempts.find((a) => a.closedAt)?.closedAt;
  const waitUntil = lastClosed ? new Date(lastClosed.getTime() + exam.waitHoursBetweenAttempts * HOUR_MS) : null;
  if (waitUntil && waitUntil > now) reasons.push("waiting_period");
  const window = exam.window;
  if ((window?.opensAt && new Date(window.opensAt) > now) || (window?.closesAt && new Date(window.closesAt) <= now))
    reasons.push("window_closed");
  else if (!session) reasons.push("no_session");
  // The attempt may not outlast the session's window, nor the exam's own.
  const closes = [
    session?.closesAt.getTime(),
    window?.closesAt ? new Date(window.closesAt).getTime() : undefined,
  ].filter((t): t is number => t !== undefined);
  const windowClosesAt = closes.length ? new Date(Math.min(...closes)) : null;
  // What the level's rules still ask, so a refusal names the rule: the lower level, the courses, the hours.
  const rules = {
    missingPrerequisites: status.missingPrerequisites,
    courses: { done: status.coursesCompleted, required: status.requiredCourses.length },
    hours: { done: status.hours, required: status.minHours },
  };
  return {
    exam,
    // The version of the level's rules the exam comes from: a new attempt keeps it.
    levelVersion,
    reasons,
    rules,
    session,
    windowClosesAt,
    openAttemptId: open?.id ?? null,
    attemptsUsed: attempts.length,
    attemptLimit,
    accommodation,
    waitUntil,
  };
}
