import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { attemptAnswers, examAccommodations, examAttempts, examIntegrityEvents } from "#db/schema";

/**
 * A person's exam attempts with what they answered, the points and the graders' comments. Never the key: only
 * the person's own responses leave this function (the question bank's keys live in content and stay there).
 */
export async function examDataOf(db: DbOrTx, userId: string) {
  const attempts = await db
    .select({
      id: examAttempts.id,
      levelSlug: examAttempts.levelSlug,
      status: examAttempts.status,
      startedAt: examAttempts.startedAt,
      closedAt: examAttempts.closedAt,
      scoreTenths: examAttempts.scoreTenths,
      maxTenths: examAttempts.maxTenths,
      passed: examAttempts.passed,
    })
    .from(examAttempts)
    .where(eq(examAttempts.userId, userId))
    .orderBy(examAttempts.startedAt);
  const answers = attempts.length
    ? await db
        .select({
          attemptId: attemptAnswers.attemptId,
          item: attemptAnswers.item,
          part: attemptAnswers.part,
          response: attemptAnswers.response,
          savedAt: attemptAnswers.savedAt,
          pointsTenths: attemptAnswers.pointsTenths,
          comment: attemptAnswers.comment,
        })
        .from(attemptAnswers)
        .where(
          inArray(
            attemptAnswers.attemptId,
            attempts.map((a) => a.id),
          ),
        )
        .orderBy(attemptAnswers.item, attemptAnswers.part)
    : [];
  // What the exam page and the server recorded during each attempt (docs/exam-integrity.md), until its retention.
  const events = attempts.length
    ? await db
        .select({
          attemptId: examIntegrityEvents.attemptId,
          kind: examIntegrityEvents.kind,
          occurredAt: examIntegrityEvents.occurredAt,
        })
        .from(examIntegrityEvents)
        .where(
          inArray(
            examIntegrityEvents.attemptId,
            attempts.map((a) => a.id),
          ),
        )
        .orderBy(examIntegrityEvents.occurredAt)
    : [];
  const accommodations = await db
    .select({
      levelSlug: examAccommodations.levelSlug,
      extraMinutes: examAccommodations.extraMinutes,
      extraAttempts: examAccommodations.extraAttempts,
    })
    .from(examAccommodations)
    .where(eq(examAccommodations.userId, userId));
  return {
    attempts: attempts.map((a) => ({
      ...a,
      answers: answers.filter((x) => x.attemptId === a.id),
      integrityEvents: events.filter((e) => e.attemptId === a.id).map(({ attemptId: _id, ...e }) => e),
    })),
    accommodations,
  };
}

/** Accommodations can reveal health: they go with an erasure. Attempts and answers stay, anonymous, for statistics. */
export async function forgetAccommodations(tx: DbOrTx, userId: string): Promise<void> {
  await tx.delete(examAccommodations).where(eq(examAccommodations.userId, userId));
}
