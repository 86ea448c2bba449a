import { and, asc, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { attemptAnswers, examAccommodations, examAttempts, questions, questionVersions } from "#db/schema";
import { levelStatuses } from "~/modules/learning";
import { courseProgressOf, heldLevelsOf, loadLevels } from "~/modules/learning/index.server";
import { issueIfEligible } from "~/modules/certificates/index.server";
import { isUniqueViolation, notFound } from "~/utils/errors.server";
import { cryptoRandom, drawExam, type BankEntry } from "./draw";
import { gradePart, type PartResponse } from "./grading";
import { openSessionFor, upcomingSessionsFor } from "./sessions.server";
import { examOf } from "./settings.server";
import type { PartContent, PartKey, QuestionContent, QuestionKey } from "./question-parts";

const HOUR_MS = 60 * 60 * 1000;

export type Ineligible =
  | "study_incomplete"
  | "no_attempts_left"
  | "waiting_period"
  | "level_locked"
  | "window_closed"
  | "no_session";

async function accommodationOf(db: DbOrTx, userId: string, levelSlug: string) {
  const [row] = await db
    .select({ extraMinutes: examAccommodations.extraMinutes, extraAttempts: examAccommodations.extraAttempts })
    .from(examAccommodations)
    .where(and(eq(examAccommodations.userId, userId), eq(examAccommodations.levelSlug, levelSlug)));
  return row ?? { extraMinutes: 0, extraAttempts: 0 };
}

/** Whether this person may start the level's exam now, and if not, every reason why. */
export async function examEligibility(db: DbOrTx, userId: string, levelSlug: string, now = new Date()) {
  const exam = await examOf(db, levelSlug);
  const [levelRows, progress, held, attempts, accommodation] = await Promise.all([
    loadLevels(db),
    courseProgressOf(db, userId),
    heldLevelsOf(db, userId),
    db
      .select({ id: examAttempts.id, status: examAttempts.status, closedAt: examAttempts.closedAt })
      .from(examAttempts)
      .where(and(eq(examAttempts.userId, userId), eq(examAttempts.levelSlug, levelSlug)))
      .orderBy(desc(examAttempts.startedAt)),
    accommodationOf(db, userId, levelSlug),
  ]);
  const session = await openSessionFor(db, userId, levelSlug, now);
  const status = levelStatuses(levelRows.map((l) => l.config), progress, held).find((s) => s.slug === levelSlug)!;
  const open = attempts.find((a) => a.status === "open") ?? null;
  const reasons: Ineligible[] = [];
  if (status.locked) reasons.push("level_locked");
  if (!status.studyComplete) reasons.push("study_incomplete");
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
  const closes = [session?.closesAt.getTime(), window?.closesAt ? new Date(window.closesAt).getTime() : undefined].filter(
    (t): t is number => t !== undefined,
  );
  const windowClosesAt = closes.length ? new Date(Math.min(...closes)) : null;
  return { exam, reasons, session, windowClosesAt, openAttemptId: open?.id ?? null, attemptsUsed: attempts.length, attemptLimit, accommodation, waitUntil };
}

/** The level's current, non-retired question versions, as the draw sees them. */
async function bankOf(db: DbOrTx, levelSlug: string): Promise<BankEntry[]> {
  const rows = await db
    .select({
      questionId: questions.id,
      versionId: questionVersions.id,
      module: questions.module,
      topic: questions.topic,
      type: questionVersions.type,
      difficulty: questionVersions.difficulty,
      content: questionVersions.content,
    })
    .from(questions)
    .innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
    .where(and(eq(questions.levelSlug, levelSlug), isNull(questions.retiredAt)));
  return rows.map(({ content, ...row }) => {
    const c = content as QuestionContent;
    const parts = c.type === "case" ? c.parts : [c];
    return { ...row, optionCounts: parts.map((p) => ("options" in p ? p.options.length : 0)) };
  });
}

export type StartResult =
  | { ok: true; attemptId: string; resumed: boolean }
  | { ok: false; reasons: Ineligible[] }
  | { ok: false; reasons: []; bankTooSmall: true };

/**
 * Starts an attempt: draws and freezes the questions and option orders, and sets the server's deadline.
 * Cheap (a few reads, one insert). An open attempt is resumed instead; two starts racing end with one
 * attempt, held by the unique index on open attempts.
 */
export async function startAttempt(
  db: DbOrTx,
  userId: string,
  levelSlug: string,
  options: { now?: Date; random?: () => number } = {},
): Promise<StartResult> {
  const now = options.now ?? new Date();
  const eligibility = await examEligibility(db, userId, levelSlug, now);
  if (eligibility.openAttemptId) return { ok: true, attemptId: eligibility.openAttemptId, resumed: true };
  if (eligibility.reasons.length) return { ok: false, reasons: eligibility.reasons };
  const bank = await bankOf(db, levelSlug);
  const drawn = drawExam(bank, eligibility.exam.sections, options.random ?? cryptoRandom);
  if (!drawn.ok) return { ok: false, reasons: [], bankTooSmall: true };
  const versions = await db
    .select({ id: questionVersions.id, pointsTenths: questionVersions.pointsTenths })
    .from(questionVersions)
    .where(inArray(questionVersions.id, drawn.items.map((i) => i.versionId)));
  const maxTenths = versions.reduce((n, v) => n + v.pointsTenths, 0);
  try {
    const [attempt] = await db
      .insert(examAttempts)
      .values({
        userId,
        levelSlug,
        startedAt: now,
        // The earlier of the time allowed (with any extra time) and the window's close.
        deadlineAt: new Date(
          Math.min(
            now.getTime() + (eligibility.exam.durationMinutes + eligibility.accommodation.extraMinutes) * 60_000,
            eligibility.windowClosesAt?.getTime() ?? Number.POSITIVE_INFINITY,
          ),
        ),
        sessionId: eligibility.session?.id ?? null,
        windowClosesAt: eligibility.windowClosesAt,
        items: drawn.items,
        maxTenths,
      })
      .returning({ id: examAttempts.id });
    return { ok: true, attemptId: attempt!.id, resumed: false };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const [open] = await db
      .select({ id: examAttempts.id })
      .from(examAttempts)
      .where(and(eq(examAttempts.userId, userId), eq(examAttempts.levelSlug, levelSlug), eq(examAttempts.status, "open")));
    if (!open) throw error;
    return { ok: true, attemptId: open.id, resumed: true };
  }
}

async function ownAttempt(db: DbOrTx, userId: string, attemptId: string) {
  const [attempt] = await db
    .select()
    .from(examAttempts)
    .where(and(eq(examAttempts.id, attemptId), eq(examAttempts.userId, userId)));
  if (!attempt) throw notFound();
  return attempt;
}

/** Options as the candidate sees them: reordered by the attempt's frozen option order. */
function shownPart(part: PartContent, order: number[]): PartContent {
  return "options" in part ? { ...part, options: order.map((i) => part.options[i]!) } : part;
}

/**
 * The attempt as the candidate's page needs it: questions (no keys), saved answers with their sequence
 * numbers, and the deadline as an instant. An open attempt past its deadline is closed and graded here.
 */
export async function attemptForCandidate(db: DbOrTx, userId: string, attemptId: string, now = new Date()) {
  let attempt = await ownAttempt(db, userId, attemptId);
  if (attempt.status === "open" && attempt.deadlineAt <= now) {
    await closeAttempt(db, attemptId, "expired", now);
    attempt = await ownAttempt(db, userId, attemptId);
  }
  const [versions, answers] = await Promise.all([
    db
      .select({ id: questionVersions.id, content: questionVersions.content })
      .from(questionVersions)
      .where(inArray(questionVersions.id, attempt.items.map((i) => i.versionId))),
    db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId)).orderBy(asc(attemptAnswers.item), asc(attemptAnswers.part)),
  ]);
  const contentById = new Map(versions.map((v) => [v.id, v.content as QuestionContent]));
  const items = attempt.items.map((item, index) => {
    const content = contentById.get(item.versionId)!;
    const shown: QuestionContent =
      content.type === "case"
        ? { ...content, parts: content.parts.map((p, j) => shownPart(p, item.optionOrders[j] ?? [])) }
        : shownPart(content, item.optionOrders[0] ?? []);
    return { index, section: item.section, content: shown };
  });
  return {
    id: attempt.id,
    levelSlug: attempt.levelSlug,
    status: attempt.status,
    deadlineAt: attempt.deadlineAt.toISOString(),
    items,
    answers: answers.map((a) => ({ item: a.item, part: a.part, response: unwrap(a.response), seq: a.seq })),
    // When answers and explanations become visible, if the policy shows them and the window is still open.
    reviewOpensAt: attempt.windowClosesAt && attempt.windowClosesAt > now ? attempt.windowClosesAt.toISOString() : null,
    result:
      attempt.status === "open"
        ? null
        : { scoreTenths: attempt.scoreTenths, maxTenths: attempt.maxTenths, passed: attempt.passed, pendingEssays: attempt.pendingEssays },
  };
}

/**
 * Responses are stored wrapped in an object: a bare JSON string such as "50" or "true" would come back
 * from the driver re-parsed as a number or a boolean (seen with Drizzle on PGlite).
 */
const wrap = (response: unknown) => ({ value: response ?? null });
export const unwrap = (stored: unknown): PartResponse =>
  stored && typeof stored === "object" && "value" in stored ? ((stored as { value: PartResponse }).value ?? null) : null;

export type SaveResult = { ok: true; seq: number } | { ok: false; reason: "closed" | "invalid" };

function validResponse(part: PartContent | undefined, response: unknown): boolean {
  if (!part) return false;
  if (response === null) return true;
  switch (part.type) {
    case "single":
      return typeof response === "number" && Number.isInteger(response) && response >= 0 && response < part.options.length;
    case "multiple":
      return (
        Array.isArray(response) &&
        response.every((r) => Number.isInteger(r) && r >= 0 && r < part.options.length) &&
        new Set(response).size === response.length
      );
    case "true_false":
      return typeof response === "boolean";
    case "fill_in":
      return typeof response === "string" && response.length <= 500;
    case "essay":
      return typeof response === "string" && response.length <= 20_000;
  }
}

/**
 * Saves one answer. Idempotent and ordered: a save whose sequence number is not above the stored one
 * changes nothing (a retry, or a stale save arriving late). After the deadline nothing is saved.
 */
export async function saveAnswer(
  db: DbOrTx,
  input: { userId: string; attemptId: string; item: number; part: number; response: unknown; seq: number; now?: Date },
): Promise<SaveResult> {
  const now = input.now ?? new Date();
  const attempt = await ownAttempt(db, input.userId, input.attemptId);
  if (attempt.status !== "open" || attempt.deadlineAt <= now) {
    if (attempt.status === "open") await closeAttempt(db, attempt.id, "expired", now);
    return { ok: false, reason: "closed" };
  }
  const item = attempt.items[input.item];
  if (!item) return { ok: false, reason: "invalid" };
  const [version] = await db.select({ content: questionVersions.content }).from(questionVersions).where(eq(questionVersions.id, item.versionId));
  const content = version?.content as QuestionContent | undefined;
  const part = content?.type === "case" ? content.parts[input.part] : input.part === 0 ? (content as PartContent | undefined) : undefined;
  if (!validResponse(part, input.response)) return { ok: false, reason: "invalid" };
  const [stored] = await db
    .insert(attemptAnswers)
    .values({ attemptId: attempt.id, item: input.item, part: input.part, response: wrap(input.response), seq: input.seq, savedAt: now })
    .onConflictDoUpdate({
      target: [attemptAnswers.attemptId, attemptAnswers.item, attemptAnswers.part],
      set: { response: sql`excluded.response`, seq: sql`excluded.seq`, savedAt: sql`excluded.saved_at` },
      setWhere: sql`${attemptAnswers.seq} < excluded.seq`,
    })
    .returning({ seq: attemptAnswers.seq });
  if (stored) return { ok: true, seq: stored.seq };
  // The stored answer is newer: report its sequence number so the client drops its stale copy.
  const [current] = await db
    .select({ seq: attemptAnswers.seq })
    .from(attemptAnswers)
    .where(and(eq(attemptAnswers.attemptId, attempt.id), eq(attemptAnswers.item, input.item), eq(attemptAnswers.part, input.part)));
  return { ok: true, seq: current?.seq ?? input.seq };
}

export async function submitAttempt(db: DbOrTx, userId: string, attemptId: string, now = new Date()) {
  const attempt = await ownAttempt(db, userId, attemptId);
  if (attempt.status === "open") await closeAttempt(db, attemptId, attempt.deadlineAt <= now ? "expired" : "submitted", now);
}

/** The periodic sweep: closes and grades every open attempt past its deadline. Returns how many. */
export async function closeExpiredAttempts(db: DbOrTx, now = new Date()) {
  const due = await db
    .select({ id: examAttempts.id })
    .from(examAttempts)
    .where(and(eq(examAttempts.status, "open"), lt(examAttempts.deadlineAt, now)));
  for (const attempt of due) await closeAttempt(db, attempt.id, "expired", now);
  return due.length;
}

/**
 * Closes an open attempt and grades it with its last saved answers, in one transaction. Only the first
 * of several concurrent closes (submit, access, sweep) does anything.
 */
async function closeAttempt(db: DbOrTx, attemptId: string, status: "submitted" | "expired", now: Date) {
  const graded = await db.transaction(async (tx) => {
    const [closed] = await tx
      .update(examAttempts)
      .set({ status, closedAt: now })
      .where(and(eq(examAttempts.id, attemptId), eq(examAttempts.status, "open")))
      .returning();
    if (!closed) return null;
    const [versions, answers] = await Promise.all([
      tx
        .select({ id: questionVersions.id, key: questionVersions.key, content: questionVersions.content })
        .from(questionVersions)
        .where(inArray(questionVersions.id, closed.items.map((i) => i.versionId))),
      tx.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId)),
    ]);
    const byId = new Map(versions.map((v) => [v.id, v]));
    let score = 0;
    let pending = 0;
    for (const [index, item] of closed.items.entries()) {
      const version = byId.get(item.versionId)!;
      const content = version.content as QuestionContent;
      const key = version.key as QuestionKey;
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
          typeof raw === "number" && order.length ? order[raw] : Array.isArray(raw) && order.length ? raw.map((r) => order[r]!) : raw;
        const points = gradePart(partKey, part.pointsTenths, response);
        if (points === null) pending++;
        else score += points;
        if (answer) {
          await tx
            .update(attemptAnswers)
            .set({ pointsTenths: points })
            .where(and(eq(attemptAnswers.attemptId, attemptId), eq(attemptAnswers.item, index), eq(attemptAnswers.part, j)));
        } else if (points === null) {
          // An unanswered essay is graded too (by a person, most likely 0): keep a row for the queue.
          await tx.insert(attemptAnswers).values({ attemptId, item: index, part: j, response: wrap(null), seq: 0, savedAt: now });
        }
      }
    }
    const exam = await examOf(tx, closed.levelSlug);
    const passed = pending === 0 ? score * 100 >= exam.passPercent * closed.maxTenths : null;
    await tx
      .update(examAttempts)
      .set({ scoreTenths: score, pendingEssays: pending, passed, gradedAt: pending === 0 ? now : null })
      .where(eq(examAttempts.id, attemptId));
    return { userId: closed.userId, levelSlug: closed.levelSlug, passed };
  });
  // A pass may complete the level: issue its certificate once the grade is committed.
  if (graded?.passed) await issueIfEligible(db, graded.userId, graded.levelSlug, { now });
}

/** The exams a person can see: per level with an exam, eligibility and past attempts. */
export async function examsOverview(db: DbOrTx, userId: string, now = new Date()) {
  const levelRows = (await loadLevels(db)).filter((l) => l.config.exam);
  const sessions = await upcomingSessionsFor(db, userId, now);
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
      pendingEssays: examAttempts.pendingEssays,
    })
    .from(examAttempts)
    .where(eq(examAttempts.userId, userId))
    .orderBy(desc(examAttempts.startedAt));
  const result = [];
  for (const level of levelRows) {
    const eligibility = await examEligibility(db, userId, level.slug, now);
    result.push({
      levelSlug: level.slug,
      nameZh: level.nameZh,
      nameEn: level.nameEn,
      exam: eligibility.exam,
      reasons: eligibility.reasons,
      openAttemptId: eligibility.openAttemptId,
      attemptsUsed: eligibility.attemptsUsed,
      attemptLimit: eligibility.attemptLimit,
      waitUntil: eligibility.waitUntil?.toISOString() ?? null,
      attempts: attempts.filter((a) => a.levelSlug === level.slug),
      sessions: sessions
        .filter((x) => x.levelSlug === level.slug)
        .map((x) => ({ ...x, opensAt: x.opensAt.toISOString(), closesAt: x.closesAt.toISOString(), open: x.opensAt <= now })),
    });
  }
  return result;
}

/**
 * The review after an attempt closes, if the exam's policy allows it: per question, what was answered,
 * the right answer in the order the candidate saw the options, the points and the explanation. Null when
 * the policy shows the score only, or while the attempt is open.
 */
export async function attemptReview(db: DbOrTx, userId: string, attemptId: string, now = new Date()) {
  const attempt = await ownAttempt(db, userId, attemptId);
  if (attempt.status === "open") return null;
  const exam = await examOf(db, attempt.levelSlug);
  if (exam.review !== "answers_after_close") return null;
  // Others of the same session may still be sitting: answers are shown once its window has closed.
  if (attempt.windowClosesAt && attempt.windowClosesAt > now) return null;
  const [versions, answers] = await Promise.all([
    db
      .select({ id: questionVersions.id, content: questionVersions.content, key: questionVersions.key })
      .from(questionVersions)
      .where(inArray(questionVersions.id, attempt.items.map((i) => i.versionId))),
    db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId)),
  ]);
  const byId = new Map(versions.map((v) => [v.id, v]));
  return attempt.items.map((item, index) => {
    const version = byId.get(item.versionId)!;
    const content = version.content as QuestionContent;
    const key = version.key as QuestionKey;
    const pairs: [PartContent, PartKey][] =
      content.type === "case" && key.type === "case" ? content.parts.map((p, j) => [p, key.parts[j]!]) : [[content as PartContent, key as PartKey]];
    return {
      index,
      scenario: content.type === "case" ? content.scenario : null,
      parts: pairs.map(([part, partKey], j) => {
        const order = item.optionOrders[j] ?? [];
        // Shown position of a stored option index.
        const shownAt = (stored: number) => (order.length ? order.indexOf(stored) : stored);
        const answer = answers.find((a) => a.item === index && a.part === j);
        const correct =
          partKey.type === "single"
            ? shownAt(partKey.answer)
            : partKey.type === "multiple"
              ? partKey.answer.map(shownAt).sort((a, b) => a - b)
              : partKey.type === "essay"
                ? null
                : partKey.answer;
        return {
          part: "options" in part ? { ...part, options: order.length ? order.map((i) => part.options[i]!) : part.options } : part,
          response: unwrap(answer?.response),
          correct,
          pointsTenths: answer?.pointsTenths ?? 0,
          explanation: partKey.explanation,
          comment: answer?.comment ?? null,
        };
      }),
    };
  });
}
