import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { attemptAnswers, examAttempts } from "#db/schema";
import { people } from "~/modules/auth/index.server";
import { recordAudit } from "~/modules/audit/index.server";
import { requirePermission, type SessionUser, traineeIdsOfCenter } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";
import type { PartContent, PartKey, QuestionContent, QuestionKey } from "~/modules/content";
import { keyedVersions } from "~/modules/content/index.server";
import { unwrap } from "./attempt-rows.server";
import type { GradedAttempt } from "./close.server";
import { examOf } from "./settings.server";

type Actor = Pick<SessionUser, "id" | "memberships">;

function partOf(content: QuestionContent, key: QuestionKey, part: number): [PartContent, PartKey] | null {
  if (content.type === "case" && key.type === "case") {
    const c = content.parts[part];
    const k = key.parts[part];
    return c && k ? [c, k] : null;
  }
  return part === 0 ? [content as PartContent, key as PartKey] : null;
}

/** Written answers of the center's trainees that wait for a grader, oldest first, with their rubric. */
export async function gradingQueue(db: DbOrTx, actor: Actor, centerId: string) {
  requirePermission(actor, "manage:center", { centerId });
  const rows = await db
    .select({
      attemptId: examAttempts.id,
      levelSlug: examAttempts.levelSlug,
      closedAt: examAttempts.closedAt,
      items: examAttempts.items,
      trainee: people.name,
      item: attemptAnswers.item,
      part: attemptAnswers.part,
      response: attemptAnswers.response,
    })
    .from(attemptAnswers)
    .innerJoin(examAttempts, eq(examAttempts.id, attemptAnswers.attemptId))
    .innerJoin(people, eq(people.id, examAttempts.userId))
    .where(
      and(
        isNull(attemptAnswers.pointsTenths),
        ne(examAttempts.status, "open"),
        inArray(examAttempts.userId, traineeIdsOfCenter(db, centerId)),
      ),
    )
    .orderBy(asc(examAttempts.closedAt), asc(attemptAnswers.item), asc(attemptAnswers.part));
  // All the question versions the queue needs, in one query.
  const versionIds = [...new Set(rows.flatMap((r) => (r.items[r.item] ? [r.items[r.item]!.versionId] : [])))];
  const byId = await keyedVersions(db, versionIds);
  const result = [];
  for (const row of rows) {
    const version = byId.get(row.items[row.item]?.versionId ?? "");
    const found = version && partOf(version.content, version.key, row.part);
    if (!found || found[1].type !== "essay") continue;
    const content = version.content;
    result.push({
      attemptId: row.attemptId,
      levelSlug: row.levelSlug,
      closedAt: row.closedAt,
      trainee: row.trainee,
      item: row.item,
      part: row.part,
      scenario: content.type === "case" ? content.scenario : null,
      stem: found[0].stem,
      maxTenths: found[0].pointsTenths,
      rubric: found[1].rubric,
      response: (() => {
        const value = unwrap(row.response);
        return typeof value === "string" ? value : "";
      })(),
    });
  }
  return result;
}

/** `graded`: the attempt's result after this grade (`passed` stays null until the last written answer is graded). */
export type GradeResult =
  { ok: true; final: boolean; graded: GradedAttempt } | { ok: false; field: "points"; message: string };

/**
 * A grader scores one written answer against its rubric, with a comment. When the attempt's last
 * written answer is graded, its result becomes final. One transaction; audited. A final pass may complete
 * the level: the caller then runs the certification workflow with `graded`.
 */
export async function gradeEssay(
  db: DbOrTx,
  actor: Actor,
  input: { centerId: string; attemptId: string; item: number; part: number; points: number; comment: string },
): Promise<GradeResult> {
  requirePermission(actor, "manage:center", { centerId: input.centerId });
  const result = await db.transaction(async (tx) => {
    const [attempt] = await tx
      .select({
        id: examAttempts.id,
        userId: examAttempts.userId,
        items: examAttempts.items,
        levelSlug: examAttempts.levelSlug,
        maxTenths: examAttempts.maxTenths,
        status: examAttempts.status,
      })
      .from(examAttempts)
      .where(
        and(eq(examAttempts.id, input.attemptId), inArray(examAttempts.userId, traineeIdsOfCenter(tx, input.centerId))),
      );
    // Another center's attempt is simply not found from here.
    if (!attempt || attempt.status === "open") throw notFound();
    const versionId = attempt.items[input.item]?.versionId;
    const version = versionId ? (await keyedVersions(tx, [versionId])).get(versionId) : undefined;
    const found = version && partOf(version.content, version.key, input.part);
    if (!found || found[1].type !== "essay") throw notFound();
    const tenths = Math.round(input.points * 10);
    if (
      !Number.isFinite(input.points) ||
      tenths < 0 ||
      tenths > found[0].pointsTenths ||
      Math.abs(input.points * 10 - tenths) > 1e-9
    )
      return { ok: false as const, field: "points" as const, message: "validation.points.range" };
    const updated = await tx
      .update(attemptAnswers)
      .set({ pointsTenths: tenths, gradedBy: actor.id, gradedAt: new Date(), comment: input.comment || null })
      .where(
        and(
          eq(attemptAnswers.attemptId, attempt.id),
          eq(attemptAnswers.item, input.item),
          eq(attemptAnswers.part, input.part),
          isNull(attemptAnswers.pointsTenths),
        ),
      )
      .returning({ item: attemptAnswers.item });
    if (updated.length === 0) throw notFound();
    const [totals] = await tx
      .select({
        score: sql<number>`coalesce(sum(${attemptAnswers.pointsTenths}), 0)::int`,
        pending: sql<number>`(count(*) filter (where ${attemptAnswers.pointsTenths} is null))::int`,
      })
      .from(attemptAnswers)
      .where(eq(attemptAnswers.attemptId, attempt.id));
    const exam = await examOf(tx, attempt.levelSlug);
    const final = (totals?.pending ?? 1) === 0;
    const passed = final && exam ? (totals?.score ?? 0) * 100 >= exam.passPercent * attempt.maxTenths : null;
    await tx
      .update(examAttempts)
      .set({
        scoreTenths: totals?.score ?? 0,
        pendingEssays: totals?.pending ?? 0,
        passed,
        gradedAt: final ? new Date() : null,
      })
      .where(eq(examAttempts.id, attempt.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "attempt.grade_essay",
      targetType: "attempt",
      targetId: attempt.id,
      after: { item: input.item, part: input.part, points: tenths / 10, comment: input.comment },
    });
    return { ok: true as const, final, passed, userId: attempt.userId, levelSlug: attempt.levelSlug };
  });
  if (!result.ok) return result;
  return {
    ok: true,
    final: result.final,
    graded: { attemptId: input.attemptId, userId: result.userId, levelSlug: result.levelSlug, passed: result.passed },
  };
}
