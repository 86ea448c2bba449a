import { and, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { attemptAnswers, examAttempts } from "#db/schema";
import type { PartContent, PartKey } from "~/modules/content";
import { keyedVersions } from "~/modules/content/index.server";
import { holdsAttempt, ownAttempt, unwrap, wrap } from "./attempt-rows.server";
import { gradePart } from "./grading";
import { examOf } from "./settings.server";

/**
 * An attempt this call closed and graded. `passed` is null while written answers wait for a grader.
 * A pass may complete the level: the caller then runs the certification workflow
 * (app/workflows/certification.server.ts, issueAfterGrading) — exams sit below certificates.
 */
export interface GradedAttempt {
  attemptId: string;
  userId: string;
  levelSlug: string;
  passed: boolean | null;
}

/**
 * Closes an open attempt and grades it with its last saved answers, in one transaction. Only the first
 * of several concurrent closes (submit, access, sweep) does anything; the others get null.
 */
export async function closeAttempt(
  db: DbOrTx,
  attemptId: string,
  status: "submitted" | "expired",
  now: Date,
): Promise<GradedAttempt | null> {
  return db.transaction(async (tx) => {
    const [closed] = await tx
      .update(examAttempts)
      .set({ status, closedAt: now })
      .where(and(eq(examAttempts.id, attemptId), eq(examAttempts.status, "open")))
      .returning();
    if (!closed) return null;
    const [byId, answers] = await Promise.all([
      keyedVersions(
        tx,
        closed.items.map((i) => i.versionId),
      ),
      tx.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId)),
    ]);
    let score = 0;
    let pending = 0;
    const graded: { item: number; part: number; points: number | null }[] = [];
    const unansweredEssays: (typeof attemptAnswers.$inferInsert)[] = [];
    for (const [index, item] of closed.items.entries()) {
      const { content, key } = byId.get(item.versionId)!;
      const parts: [PartContent, PartKey][] =
        content.type === "case" && key.type === "case"
          ? content.parts.map((p, j) => [p, key.parts[j]!])
          : [[content as PartContent, key as PartKey]];
      for (const [j, [part, partKey]] of parts.entries()) {
        const answer = answers.find((a) => a.item === index && a.part === j);
        // Responses are saved as the positions the candidate saw; the key speaks of stored positions.
        const order = item.optionOrders[j] ?? [];
        const raw = unwrap(answer?.response);
        const response =
          typeof raw === "number" && order.length
            ? order[raw]
            : Array.isArray(raw) && order.length
              ? raw.map((r) => order[r]!)
              : raw;
        const points = gradePart(partKey, part.pointsTenths, response);
        if (points === null) pending++;
        else score += points;
        if (answer) graded.push({ item: index, part: j, points });
        // An unanswered essay is graded too (by a person, most likely 0): keep a row for the queue.
        else if (points === null)
          unansweredEssays.push({ attemptId, item: index, part: j, response: wrap(null), seq: 0, savedAt: now });
      }
    }
    // One statement for every answer's points, not one per answer (a full exam is 50 or more).
    if (graded.length)
      await tx.execute(sql`
        update ${attemptAnswers} set points_tenths = v.points
          from jsonb_to_recordset(${JSON.stringify(graded)}::jsonb) as v(item int, part int, points int)
         where ${attemptAnswers.attemptId} = ${attemptId}
           and ${attemptAnswers.item} = v.item and ${attemptAnswers.part} = v.part`);
    if (unansweredEssays.length) await tx.insert(attemptAnswers).values(unansweredEssays);
    // The pass mark of the rules the attempt was started under (a change published since applies to new attempts).
    const exam = await examOf(tx, closed.levelSlug, closed.levelVersion);
    const passed = pending === 0 ? score * 100 >= exam.passPercent * closed.maxTenths : null;
    await tx
      .update(examAttempts)
      .set({ scoreTenths: score, pendingEssays: pending, passed, gradedAt: pending === 0 ? now : null })
      .where(eq(examAttempts.id, attemptId));
    return { attemptId, userId: closed.userId, levelSlug: closed.levelSlug, passed };
  });
}

/**
 * The candidate hands in: closes and grades the attempt. Null when it was already closed, or when the
 * request comes from a browser that does not hold the attempt (`deviceHash`, routes always pass it; the
 * page then shows "continue on this device?", docs/exam-integrity.md).
 */
export async function submitAttempt(
  db: DbOrTx,
  userId: string,
  attemptId: string,
  now = new Date(),
  deviceHash?: string | null,
): Promise<GradedAttempt | null> {
  const attempt = await ownAttempt(db, userId, attemptId);
  if (attempt.status !== "open") return null;
  // Past the deadline the hand-in only closes what the clock closed anyway; before it, only the bound browser.
  if (attempt.deadlineAt > now && !holdsAttempt(attempt, deviceHash)) return null;
  return closeAttempt(db, attemptId, attempt.deadlineAt <= now ? "expired" : "submitted", now);
}

/** The periodic sweep: closes and grades every open attempt past its deadline; returns those it graded. */
export async function closeExpiredAttempts(db: DbOrTx, now = new Date()): Promise<GradedAttempt[]> {
  const due = await db
    .select({ id: examAttempts.id })
    .from(examAttempts)
    .where(and(eq(examAttempts.status, "open"), lt(examAttempts.deadlineAt, now)));
  const graded: GradedAttempt[] = [];
  for (const attempt of due) {
    const closed = await closeAttempt(db, attempt.id, "expired", now);
    if (closed) graded.push(closed);
  }
  return graded;
}
