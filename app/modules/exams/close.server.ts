import { and, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { rowsOf } from "#db/rows";
import { examAttempts } from "#db/schema";
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

interface ClosedRow {
  user_id: string;
  level_slug: string;
  level_version: number | null;
  max_tenths: number;
  /** JSON text (both drivers then read it alike): the draw. */
  items: string;
  /** JSON text: the saved answers, [{item, part, response}]. */
  answers: string;
}

/**
 * Closes an open attempt and grades it with its last saved answers, in one transaction. Only the first
 * of several concurrent closes (submit, access, sweep) does anything; the others get null.
 * Every hand-in of an exam day comes through here: the close and the read of the answers are one statement, and
 * every write of the grades (each answer's points, a row for each unanswered essay, the score) another, written as
 * SQL text rather than built by Drizzle each time (building them was a third of a hand-in's CPU).
 */
export async function closeAttempt(
  db: DbOrTx,
  attemptId: string,
  status: "submitted" | "expired",
  now: Date,
): Promise<GradedAttempt | null> {
  return db.transaction(async (tx) => {
    const [closed] = rowsOf<ClosedRow>(
      await tx.execute(sql`
        with closed as (
          update exam_attempts set status = ${status}, closed_at = ${now.toISOString()}::timestamptz
           where id = ${attemptId}::uuid and status = 'open'
          returning user_id, level_slug, level_version, max_tenths, items)
        select user_id, level_slug, level_version, max_tenths, items::text as items,
               (select coalesce(json_agg(json_build_object('item', a.item, 'part', a.part, 'response', a.response)), '[]')::text
                  from attempt_answers a where a.attempt_id = ${attemptId}::uuid) as answers
          from closed`),
    );
    if (!closed) return null;
    const items = JSON.parse(closed.items) as (typeof examAttempts.$inferSelect)["items"];
    const answers = JSON.parse(closed.answers) as { item: number; part: number; response: unknown }[];
    const answered = new Map(answers.map((a) => [`${a.item}:${a.part}`, a]));
    const byId = await keyedVersions(
      tx,
      items.map((i) => i.versionId),
    );
    let score = 0;
    let pending = 0;
    const graded: { item: number; part: number; points: number | null }[] = [];
    const unansweredEssays: { item: number; part: number }[] = [];
    for (const [index, item] of items.entries()) {
      const { content, key } = byId.get(item.versionId)!;
      const parts: [PartContent, PartKey][] =
        content.type === "case" && key.type === "case"
          ? content.parts.map((p, j) => [p, key.parts[j]!])
          : [[content as PartContent, key as PartKey]];
      for (const [j, [part, partKey]] of parts.entries()) {
        const answer = answered.get(`${index}:${j}`);
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
        else if (points === null) unansweredEssays.push({ item: index, part: j });
      }
    }
    // The pass mark of the rules the attempt was started under (a change published since applies to new attempts).
    const exam = await examOf(tx, closed.level_slug, closed.level_version);
    const passed = pending === 0 ? score * 100 >= exam.passPercent * closed.max_tenths : null;
    // Data-modifying CTEs all run, whether or not the statement's answer reads them.
    await tx.execute(sql`
      with points as (
        update attempt_answers a set points_tenths = v.points
          from jsonb_to_recordset(${JSON.stringify(graded)}::jsonb) as v(item int, part int, points int)
         where a.attempt_id = ${attemptId}::uuid and a.item = v.item and a.part = v.part
        returning 1),
      essays as (
        insert into attempt_answers (attempt_id, item, part, response, seq, saved_at)
        select ${attemptId}::uuid, e.item, e.part, ${JSON.stringify(wrap(null))}::jsonb, 0, ${now.toISOString()}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(unansweredEssays)}::jsonb) as e(item int, part int)
        returning 1)
      update exam_attempts
         set score_tenths = ${score}::int, pending_essays = ${pending}::int, passed = ${passed}::boolean,
             graded_at = ${pending === 0 ? now.toISOString() : null}::timestamptz
       where id = ${attemptId}::uuid`);
    return { attemptId, userId: closed.user_id, levelSlug: closed.level_slug, passed };
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
