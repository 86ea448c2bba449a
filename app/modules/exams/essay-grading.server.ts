import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { attemptAnswers, essayMarks, examAttempts } from "#db/schema";
import { people } from "~/modules/auth/index.server";
import { recordAudit } from "~/modules/audit/index.server";
import { gradingOptionsOf, requirePermission, type SessionUser, traineeIdsOfCenter } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";
import {
  type PartContent,
  type PartKey,
  type QuestionContent,
  type QuestionKey,
  rubricCriteria,
} from "~/modules/content";
import { keyedVersions } from "~/modules/content/index.server";
import { unwrap } from "./attempt-rows.server";
import type { GradedAttempt } from "./close.server";
import { answerKey, candidateNumber, type EssayState, type Mark, markingStates } from "./marking";
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

type Items = (typeof examAttempts.$inferSelect)["items"];

/**
 * The marking state of every written answer still without final points, for the given attempts
 * (marking.ts decides), with each answer's question part.
 */
async function statesOf(
  db: DbOrTx,
  attempts: { id: string; items: Items; levelSlug: string; levelVersion: number | null; maxTenths: number }[],
  secondMarking: boolean,
) {
  const ids = attempts.map((a) => a.id);
  if (!ids.length) return { states: new Map<string, Map<string, EssayState>>(), parts: new Map() };
  const [answers, marks] = await Promise.all([
    db
      .select({
        attemptId: attemptAnswers.attemptId,
        item: attemptAnswers.item,
        part: attemptAnswers.part,
        pointsTenths: attemptAnswers.pointsTenths,
        response: attemptAnswers.response,
      })
      .from(attemptAnswers)
      .where(inArray(attemptAnswers.attemptId, ids)),
    db
      .select({
        attemptId: essayMarks.attemptId,
        item: essayMarks.item,
        part: essayMarks.part,
        round: essayMarks.round,
        graderId: essayMarks.graderId,
        pointsTenths: essayMarks.pointsTenths,
        criteriaTenths: essayMarks.criteriaTenths,
        comment: essayMarks.comment,
      })
      .from(essayMarks)
      .where(inArray(essayMarks.attemptId, ids)),
  ]);
  const versions = await keyedVersions(db, [...new Set(attempts.flatMap((a) => a.items.map((i) => i.versionId)))]);
  // The pass mark of the rules each attempt was sat under.
  const passPercent = new Map<string, number>();
  const rulesOf = (a: { levelSlug: string; levelVersion: number | null }) => `${a.levelSlug}@${a.levelVersion ?? ""}`;
  for (const a of attempts)
    if (!passPercent.has(rulesOf(a)))
      passPercent.set(rulesOf(a), (await examOf(db, a.levelSlug, a.levelVersion)).passPercent);
  const states = new Map<string, Map<string, EssayState>>();
  const parts = new Map<string, { content: QuestionContent; part: PartContent; key: PartKey; response: unknown }>();
  for (const attempt of attempts) {
    const mine = answers.filter((a) => a.attemptId === attempt.id);
    const maxTenths = new Map<string, number>();
    for (const answer of mine) {
      const version = versions.get(attempt.items[answer.item]?.versionId ?? "");
      const found = version && partOf(version.content, version.key, answer.part);
      if (!found || found[1].type !== "essay") continue;
      maxTenths.set(answerKey(answer), found[0].pointsTenths);
      parts.set(`${attempt.id}:${answerKey(answer)}`, {
        content: version.content,
        part: found[0],
        key: found[1],
        response: answer.response,
      });
    }
    states.set(
      attempt.id,
      markingStates({
        secondMarking,
        passTenths: (passPercent.get(rulesOf(attempt))! * attempt.maxTenths) / 100,
        answers: mine,
        marks: marks.filter((m) => m.attemptId === attempt.id) as Mark[],
        maxTenths,
      }),
    );
  }
  return { states, parts };
}

/**
 * Written answers of the center's trainees that wait for this grader, oldest first, with their rubric and
 * its criteria. Under anonymous marking the candidate is a number and the name is not in the result; with
 * second marking an answer a person has marked is not offered to them again, and no one sees another's mark.
 */
export async function gradingQueue(db: DbOrTx, actor: Actor, centerId: string) {
  requirePermission(actor, "manage:center", { centerId });
  const options = await gradingOptionsOf(db, centerId);
  const attempts = await db
    .select({
      id: examAttempts.id,
      levelSlug: examAttempts.levelSlug,
      levelVersion: examAttempts.levelVersion,
      closedAt: examAttempts.closedAt,
      items: examAttempts.items,
      maxTenths: examAttempts.maxTenths,
      trainee: people.name,
    })
    .from(examAttempts)
    .innerJoin(people, eq(people.id, examAttempts.userId))
    .where(
      and(
        ne(examAttempts.status, "open"),
        inArray(
          examAttempts.id,
          db
            .selectDistinct({ id: attemptAnswers.attemptId })
            .from(attemptAnswers)
            .where(isNull(attemptAnswers.pointsTenths)),
        ),
        inArray(examAttempts.userId, traineeIdsOfCenter(db, centerId)),
      ),
    )
    .orderBy(asc(examAttempts.closedAt), asc(examAttempts.id));
  const { states, parts } = await statesOf(db, attempts, options.secondMarking);
  const result = [];
  for (const attempt of attempts) {
    const entries = [...(states.get(attempt.id) ?? new Map<string, EssayState>()).entries()].sort(([a], [b]) =>
      a.localeCompare(b, undefined, { numeric: true }),
    );
    for (const [key, state] of entries) {
      if (state.kind !== "needs" || state.markedBy.includes(actor.id)) continue;
      const found = parts.get(`${attempt.id}:${key}`);
      if (!found || found.key.type !== "essay") continue;
      const [item, part] = key.split(":").map(Number) as [number, number];
      const value = unwrap(found.response);
      result.push({
        attemptId: attempt.id,
        levelSlug: attempt.levelSlug,
        closedAt: attempt.closedAt,
        // The name never leaves the server while marking is anonymous.
        trainee: options.anonymousMarking ? null : attempt.trainee,
        candidateNumber: candidateNumber(attempt.id),
        item,
        part,
        round: state.round,
        scenario: found.content.type === "case" ? found.content.scenario : null,
        stem: found.part.stem,
        maxTenths: found.part.pointsTenths,
        rubric: found.key.rubric,
        criteria: rubricCriteria(found.key.rubric),
        response: typeof value === "string" ? value : "",
      });
    }
  }
  return { anonymous: options.anonymousMarking, secondMarking: options.secondMarking, queue: result };
}

/**
 * `graded`: the attempt's result after this mark (`passed` stays null until every written answer has its
 * final points); `trainee`: the candidate's name, shown once the grade is saved.
 */
export type GradeResult =
  | { ok: true; final: boolean; answerFinal: boolean; trainee: string; graded: GradedAttempt }
  | { ok: false; field?: "points" | "criteria"; message: string };

const TENTHS = (points: number) => {
  const tenths = Math.round(points * 10);
  return Number.isFinite(points) && Math.abs(points * 10 - tenths) < 1e-9 ? tenths : null;
};

/**
 * A grader marks one written answer against its rubric — per criterion when the rubric lists criteria (the
 * total is their sum) — with a comment. The marking rules (marking.ts) then decide whether the answer has
 * its final points or waits for another grader; when every written answer has final points the attempt's
 * result is final. One transaction; audited. A final pass may complete the level: the caller then runs the
 * certification workflow with `graded`.
 */
export async function gradeEssay(
  db: DbOrTx,
  actor: Actor,
  input: {
    centerId: string;
    attemptId: string;
    item: number;
    part: number;
    points?: number;
    criteria?: number[];
    comment: string;
  },
): Promise<GradeResult> {
  requirePermission(actor, "manage:center", { centerId: input.centerId });
  const options = await gradingOptionsOf(db, input.centerId);
  const result = await db.transaction(async (tx) => {
    // The attempt's row is locked: two graders finishing its last answers at once settle it one after the other.
    const [attempt] = await tx
      .select({
        id: examAttempts.id,
        userId: examAttempts.userId,
        items: examAttempts.items,
        levelSlug: examAttempts.levelSlug,
        levelVersion: examAttempts.levelVersion,
        maxTenths: examAttempts.maxTenths,
        status: examAttempts.status,
      })
      .from(examAttempts)
      .where(
        and(eq(examAttempts.id, input.attemptId), inArray(examAttempts.userId, traineeIdsOfCenter(tx, input.centerId))),
      )
      .for("update");
    // Another center's attempt is simply not found from here.
    if (!attempt || attempt.status === "open") throw notFound();
    const key = answerKey(input);
    const before = await statesOf(tx, [attempt], options.secondMarking);
    const state = before.states.get(attempt.id)?.get(key);
    const found = before.parts.get(`${attempt.id}:${key}`);
    if (!state || !found || found.key.type !== "essay" || state.kind !== "needs") throw notFound();
    if (state.markedBy.includes(actor.id)) return { ok: false as const, message: "grading.anotherGrader" };

    const criteria = rubricCriteria(found.key.rubric);
    let tenths: number;
    let criteriaTenths: number[] | null = null;
    if (criteria.length) {
      const given = (input.criteria ?? []).map(TENTHS);
      if (
        given.length !== criteria.length ||
        given.some((g, i) => g === null || g < 0 || g > criteria[i]!.pointsTenths)
      )
        return { ok: false as const, field: "criteria" as const, message: "grading.criteriaRange" };
      criteriaTenths = given as number[];
      tenths = criteriaTenths.reduce((n, g) => n + g, 0);
    } else {
      const given = input.points === undefined ? null : TENTHS(input.points);
      if (given === null || given < 0 || given > found.part.pointsTenths)
        return { ok: false as const, field: "points" as const, message: "validation.points.range" };
      tenths = given;
    }
    const inserted = await tx
      .insert(essayMarks)
      .values({
        attemptId: attempt.id,
        item: input.item,
        part: input.part,
        round: state.round,
        graderId: actor.id,
        pointsTenths: tenths,
        criteriaTenths,
        comment: input.comment || null,
      })
      .onConflictDoNothing()
      .returning({ round: essayMarks.round });
    // Someone else gave this round's mark a moment ago.
    if (inserted.length === 0) return { ok: false as const, message: "grading.alreadyMarked" };
    await recordAudit(tx, {
      actorId: actor.id,
      action: "attempt.grade_essay",
      targetType: "attempt",
      targetId: attempt.id,
      after: {
        item: input.item,
        part: input.part,
        round: state.round,
        points: tenths / 10,
        ...(criteriaTenths ? { criteria: criteriaTenths.map((c) => c / 10) } : {}),
        comment: input.comment,
      },
    });

    // Settle what this mark decided: answers whose final points are now known.
    const after = await statesOf(tx, [attempt], options.secondMarking);
    let answerFinal = false;
    for (const [settledKey, settled] of after.states.get(attempt.id) ?? []) {
      if (settled.kind !== "final") continue;
      const [item, part] = settledKey.split(":").map(Number) as [number, number];
      if (settledKey === key) answerFinal = true;
      await tx
        .update(attemptAnswers)
        .set({
          pointsTenths: settled.pointsTenths,
          criteriaTenths: settled.criteriaTenths,
          gradedBy: settled.by,
          gradedAt: new Date(),
          comment: settled.comment,
        })
        .where(
          and(
            eq(attemptAnswers.attemptId, attempt.id),
            eq(attemptAnswers.item, item),
            eq(attemptAnswers.part, part),
            isNull(attemptAnswers.pointsTenths),
          ),
        );
      // A mark that is not simply the first grader's is audited as the marking's outcome.
      if (options.secondMarking)
        await recordAudit(tx, {
          actorId: actor.id,
          action: "attempt.essay_settled",
          targetType: "attempt",
          targetId: attempt.id,
          after: { item, part, points: settled.pointsTenths / 10 },
        });
    }
    const [totals] = await tx
      .select({
        score: sql<number>`coalesce(sum(${attemptAnswers.pointsTenths}), 0)::int`,
        pending: sql<number>`(count(*) filter (where ${attemptAnswers.pointsTenths} is null))::int`,
      })
      .from(attemptAnswers)
      .where(eq(attemptAnswers.attemptId, attempt.id));
    const exam = await examOf(tx, attempt.levelSlug, attempt.levelVersion);
    const score = Number(totals?.score ?? 0);
    const pending = Number(totals?.pending ?? 1);
    const final = pending === 0;
    // The result waits until marking is complete: no pass or fail (and so no certificate) before.
    const passed = final ? score * 100 >= exam.passPercent * attempt.maxTenths : null;
    await tx
      .update(examAttempts)
      .set({ scoreTenths: score, pendingEssays: pending, passed, gradedAt: final ? new Date() : null })
      .where(eq(examAttempts.id, attempt.id));
    const [person] = await tx.select({ name: people.name }).from(people).where(eq(people.id, attempt.userId));
    return {
      ok: true as const,
      final,
      answerFinal,
      passed,
      trainee: person?.name ?? "",
      userId: attempt.userId,
      levelSlug: attempt.levelSlug,
    };
  });
  if (!result.ok) return result;
  return {
    ok: true,
    final: result.final,
    answerFinal: result.answerFinal,
    trainee: result.trainee,
    graded: { attemptId: input.attemptId, userId: result.userId, levelSlug: result.levelSlug, passed: result.passed },
  };
}
