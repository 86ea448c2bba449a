import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import {
  attemptAnswers,
  examAttempts,
  examDeviceRequests,
  examIntegrityEvents,
  examIntegrityReviews,
  examProctorMessages,
  examSessions,
} from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { namesOf } from "~/modules/auth/index.server";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";
import { currentAccessCode } from "./access.server";
import { closeAttempt, type GradedAttempt } from "./close.server";
import { integrityPolicyOf, moveAttemptToDevice } from "./integrity.server";
import { flagForReview } from "./integrity-review.server";
import { sessionAudience } from "./session-audience.server";

/**
 * The proctor console (监考端, docs/exam-integrity.md): what the center's staff see of a session while it
 * runs, and what they may do to one attempt. Every action is audited; staff of another center get 404/403.
 */

type Actor = Pick<SessionUser, "id" | "memberships">;

/** A page not heard from for this long is shown as disconnected (it polls every 10 s, saves as it goes). */
export const DISCONNECTED_AFTER_MS = 45_000;

/** The session, if it is this center's and the actor is its staff (or a platform admin). */
export async function proctoredSession(db: DbOrTx, actor: Actor, centerId: string, sessionId: string) {
  requirePermission(actor, "manage:center", { centerId });
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) throw notFound();
  const [session] = await db
    .select()
    .from(examSessions)
    .where(and(eq(examSessions.id, sessionId), eq(examSessions.centerId, centerId)));
  if (!session) throw notFound();
  return session;
}

/**
 * A cheap "has anything changed?" for the live console: one row from indexed reads, compared every second;
 * the full picture is read only when it differs.
 */
export async function consoleSignature(db: DbOrTx, sessionId: string): Promise<string> {
  const [row] = await db
    .select({
      signature: sql<string>`concat_ws(':',
      (select concat_ws('/', count(*), max(a.last_seen_at), max(a.closed_at), max(a.deadline_at))
         from ${examAttempts} a where a.session_id = ${sessionId}::uuid),
      -- Every save, even one a second after the last (last_seen_at is written at most every few seconds);
      -- only open attempts' answers are read (by their primary key), so a finished session costs nothing.
      (select concat_ws('/', count(*), max(ans.saved_at)) from ${attemptAnswers} ans
         where ans.attempt_id in (select a.id from ${examAttempts} a
           where a.session_id = ${sessionId}::uuid and a.closed_at is null)),
      (select coalesce(max(e.id), 0) from ${examIntegrityEvents} e where e.session_id = ${sessionId}::uuid),
      (select count(*) from ${examDeviceRequests} r join ${examAttempts} a on a.id = r.attempt_id
         where a.session_id = ${sessionId}::uuid and r.status = 'pending'),
      (select coalesce(max(m.id), 0) from ${examProctorMessages} m where m.session_id = ${sessionId}::uuid),
      (select concat_ws('/', count(*), max(rv.flagged_at), max(rv.decided_at)) from ${examIntegrityReviews} rv
         join ${examAttempts} a on a.id = rv.attempt_id where a.session_id = ${sessionId}::uuid))`,
    })
    .from(examSessions)
    .where(eq(examSessions.id, sessionId));
  return String(row?.signature ?? "");
}

export type CandidateState = "expected" | "started" | "answering" | "disconnected" | "submitted";

/** Everything the console shows: one row per candidate, the latest events, pending device requests. */
export async function consoleSnapshot(db: DbOrTx, session: { id: string; levelSlug: string }, now = new Date()) {
  const [audience, attempts, counts, recent, requests, reviews, policy] = await Promise.all([
    sessionAudience(db, session.id),
    db
      .select({
        id: examAttempts.id,
        userId: examAttempts.userId,
        status: examAttempts.status,
        startedAt: examAttempts.startedAt,
        deadlineAt: examAttempts.deadlineAt,
        closedAt: examAttempts.closedAt,
        lastSeenAt: examAttempts.lastSeenAt,
        endReason: examAttempts.endReason,
        items: sql<number>`jsonb_array_length(${examAttempts.items})`.mapWith(Number),
        answered:
          sql<number>`(select count(distinct ${attemptAnswers.item}) from ${attemptAnswers} where ${attemptAnswers.attemptId} = ${examAttempts.id} and ${attemptAnswers.response}->'value' is not null and ${attemptAnswers.response}->'value' not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb))`.mapWith(
            Number,
          ),
        lastSaveAt:
          sql<Date | null>`(select max(${attemptAnswers.savedAt}) from ${attemptAnswers} where ${attemptAnswers.attemptId} = ${examAttempts.id} and ${attemptAnswers.seq} > 0)`.mapWith(
            (v: string | Date | null) => (v ? new Date(v) : null),
          ),
      })
      .from(examAttempts)
      .where(eq(examAttempts.sessionId, session.id))
      .orderBy(desc(examAttempts.startedAt)),
    db
      .select({ attemptId: examIntegrityEvents.attemptId, n: sql<number>`count(*)`.mapWith(Number) })
      .from(examIntegrityEvents)
      .where(
        and(
          eq(examIntegrityEvents.sessionId, session.id),
          sql`${examIntegrityEvents.kind} not in ('device_request', 'device_change', 'online')`,
        ),
      )
      .groupBy(examIntegrityEvents.attemptId),
    db
      .select({
        id: examIntegrityEvents.id,
        attemptId: examIntegrityEvents.attemptId,
        kind: examIntegrityEvents.kind,
        occurredAt: examIntegrityEvents.occurredAt,
      })
      .from(examIntegrityEvents)
      .where(eq(examIntegrityEvents.sessionId, session.id))
      .orderBy(desc(examIntegrityEvents.id))
      .limit(50),
    db
      .select({
        id: examDeviceRequests.id,
        attemptId: examDeviceRequests.attemptId,
        requestedAt: examDeviceRequests.requestedAt,
      })
      .from(examDeviceRequests)
      .innerJoin(examAttempts, eq(examAttempts.id, examDeviceRequests.attemptId))
      .where(and(eq(examAttempts.sessionId, session.id), eq(examDeviceRequests.status, "pending"))),
    db
      .select({ attemptId: examIntegrityReviews.attemptId, decision: examIntegrityReviews.decision })
      .from(examIntegrityReviews)
      .innerJoin(examAttempts, eq(examAttempts.id, examIntegrityReviews.attemptId))
      .where(eq(examAttempts.sessionId, session.id)),
    integrityPolicyOf(db, session.levelSlug),
  ]);
  // The latest attempt of each person in this session.
  const latest = new Map<string, (typeof attempts)[number]>();
  for (const a of attempts) if (!latest.has(a.userId)) latest.set(a.userId, a);
  const userIds = [...new Set([...(audience?.userIds ?? []), ...latest.keys()])];
  const names = await namesOf(db, userIds);
  const eventCount = new Map(counts.map((c) => [c.attemptId, c.n]));
  const rows = userIds.map((userId) => {
    const a = latest.get(userId);
    let state: CandidateState = "expected";
    if (a && a.status !== "open") state = "submitted";
    else if (a) {
      const seen = (a.lastSeenAt ?? a.startedAt).getTime();
      state = now.getTime() - seen > DISCONNECTED_AFTER_MS ? "disconnected" : a.answered > 0 ? "answering" : "started";
    }
    const events = a ? (eventCount.get(a.id) ?? 0) : 0;
    const request = a ? requests.find((r) => r.attemptId === a.id) : undefined;
    const review = a ? reviews.find((r) => r.attemptId === a.id) : undefined;
    return {
      userId,
      name: names.get(userId) ?? "",
      state,
      attemptId: a?.id ?? null,
      answered: a?.answered ?? 0,
      items: a?.items ?? 0,
      lastSaveAt: a?.lastSaveAt?.toISOString() ?? null,
      deadlineAt: a?.deadlineAt.toISOString() ?? null,
      endReason: a?.endReason ?? null,
      events,
      alert: events >= policy.alertProctorAfter,
      deviceRequest: request ? { id: request.id, requestedAt: request.requestedAt.toISOString() } : null,
      review: review ? (review.decision ?? "pending") : null,
    };
  });
  rows.sort((x, y) => x.name.localeCompare(y.name, "zh-CN"));
  const byAttempt = new Map(rows.filter((r) => r.attemptId).map((r) => [r.attemptId!, r.name]));
  return {
    now: now.toISOString(),
    alertAfter: policy.alertProctorAfter,
    totals: {
      expected: rows.length,
      started: rows.filter((r) => r.state !== "expected").length,
      answering: rows.filter((r) => r.state === "answering").length,
      disconnected: rows.filter((r) => r.state === "disconnected").length,
      submitted: rows.filter((r) => r.state === "submitted").length,
    },
    candidates: rows,
    events: recent.map((e) => ({
      id: e.id,
      name: byAttempt.get(e.attemptId) ?? "",
      attemptId: e.attemptId,
      kind: e.kind,
      occurredAt: e.occurredAt.toISOString(),
    })),
  };
}
export type ConsoleSnapshot = Awaited<ReturnType<typeof consoleSnapshot>>;

/** What the console page shows above the live table: the access code now, and the session's settings. */
export function sessionAccessView(session: typeof examSessions.$inferSelect, now = new Date()) {
  const current = currentAccessCode(session, now);
  return {
    accessCodeMode: session.accessCodeMode,
    accessCode: current?.code ?? null,
    codeChangesAt: current?.changesAt?.toISOString() ?? null,
    accessRotateMinutes: session.accessRotateMinutes,
    allowedNetworks: session.allowedNetworks,
    deviceChangeWaitMinutes: session.deviceChangeWaitMinutes,
  };
}

/** An attempt of this session (404 otherwise: an attempt of another session or center is not found here). */
async function attemptInSession(db: DbOrTx, sessionId: string, attemptId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(attemptId)) throw notFound();
  const [attempt] = await db
    .select()
    .from(examAttempts)
    .where(and(eq(examAttempts.id, attemptId), eq(examAttempts.sessionId, sessionId)));
  if (!attempt) throw notFound();
  return attempt;
}

export type ProctorFailure = { ok: false; message: string };

/**
 * Extra time for one candidate's running attempt, from the proctor: the deadline moves by that many
 * minutes (also past the session's close: the proctor is there), and the page's clock follows.
 */
export async function extendAttempt(
  db: DbOrTx,
  actor: Actor,
  scope: { centerId: string; sessionId: string },
  input: { attemptId: string; minutes: number },
): Promise<{ ok: true; deadlineAt: Date } | ProctorFailure> {
  await proctoredSession(db, actor, scope.centerId, scope.sessionId);
  if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > 180)
    return { ok: false, message: "integrity.proctor.minutesRange" };
  const attempt = await attemptInSession(db, scope.sessionId, input.attemptId);
  return db.transaction(async (tx) => {
    const [moved] = await tx
      .update(examAttempts)
      .set({
        deadlineAt: sql`${examAttempts.deadlineAt} + make_interval(mins => ${input.minutes}::int)`,
        // The review still waits until this candidate's time is up.
        windowClosesAt: sql`greatest(${examAttempts.windowClosesAt}, ${examAttempts.deadlineAt} + make_interval(mins => ${input.minutes}::int))`,
      })
      .where(and(eq(examAttempts.id, attempt.id), eq(examAttempts.status, "open")))
      .returning({ deadlineAt: examAttempts.deadlineAt });
    if (!moved) return { ok: false as const, message: "integrity.proctor.notOpen" };
    await recordAudit(tx, {
      actorId: actor.id,
      action: "exam.proctor.extra_time",
      targetType: "exam_attempt",
      targetId: attempt.id,
      before: { deadlineAt: attempt.deadlineAt.toISOString() },
      after: { deadlineAt: moved.deadlineAt.toISOString(), minutes: input.minutes },
    });
    return { ok: true as const, deadlineAt: moved.deadlineAt };
  });
}

/**
 * The proctor ends a running attempt with a reason: it is closed and graded from its saved answers, and
 * flagged, so no certificate is issued on it before someone decides (integrity-review.server.ts).
 * Returns the grade for the certification workflow (which then waits for the decision).
 */
export async function endAttempt(
  db: DbOrTx,
  actor: Actor,
  scope: { centerId: string; sessionId: string },
  input: { attemptId: string; reason: string; now?: Date },
): Promise<{ ok: true; graded: GradedAttempt } | ProctorFailure> {
  await proctoredSession(db, actor, scope.centerId, scope.sessionId);
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 500) return { ok: false, message: "integrity.proctor.reasonRequired" };
  const attempt = await attemptInSession(db, scope.sessionId, input.attemptId);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const graded = await closeAttempt(tx, attempt.id, "submitted", now);
    if (!graded) return { ok: false as const, message: "integrity.proctor.notOpen" };
    await tx.update(examAttempts).set({ endedBy: actor.id, endReason: reason }).where(eq(examAttempts.id, attempt.id));
    await flagForReview(tx, actor, { attemptId: attempt.id, reason, now });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "exam.proctor.end",
      targetType: "exam_attempt",
      targetId: attempt.id,
      after: { reason },
    });
    return { ok: true as const, graded };
  });
}

/** A message that appears on one candidate's exam page, or (no attemptId) on every page of the session. */
export async function sendProctorMessage(
  db: DbOrTx,
  actor: Actor,
  scope: { centerId: string; sessionId: string },
  input: { attemptId: string | null; body: string; now?: Date },
): Promise<{ ok: true } | ProctorFailure> {
  await proctoredSession(db, actor, scope.centerId, scope.sessionId);
  const body = input.body.trim();
  if (!body || body.length > 500) return { ok: false, message: "integrity.proctor.messageLength" };
  if (input.attemptId) await attemptInSession(db, scope.sessionId, input.attemptId);
  await db.transaction(async (tx) => {
    await tx.insert(examProctorMessages).values({
      sessionId: scope.sessionId,
      attemptId: input.attemptId,
      body,
      sentBy: actor.id,
      sentAt: input.now ?? new Date(),
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "exam.proctor.message",
      targetType: input.attemptId ? "exam_attempt" : "exam_session",
      targetId: input.attemptId ?? scope.sessionId,
      after: { body },
    });
  });
  return { ok: true };
}

/** The proctor lets another browser continue the attempt (the one before is refused from then on). */
export async function approveDeviceRequest(
  db: DbOrTx,
  actor: Actor,
  scope: { centerId: string; sessionId: string },
  input: { requestId: string; now?: Date },
): Promise<{ ok: true } | ProctorFailure> {
  await proctoredSession(db, actor, scope.centerId, scope.sessionId);
  if (!/^[0-9a-f-]{36}$/i.test(input.requestId)) throw notFound();
  const [request] = await db
    .select({ attemptId: examDeviceRequests.attemptId })
    .from(examDeviceRequests)
    .where(eq(examDeviceRequests.id, input.requestId));
  if (!request) throw notFound();
  const attempt = await attemptInSession(db, scope.sessionId, request.attemptId);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    if (!(await moveAttemptToDevice(tx, attempt, { requestId: input.requestId, decidedBy: actor.id, now })))
      return { ok: false as const, message: "integrity.proctor.requestGone" };
    await recordAudit(tx, {
      actorId: actor.id,
      action: "exam.proctor.device",
      targetType: "exam_attempt",
      targetId: attempt.id,
      after: { requestId: input.requestId },
    });
    return { ok: true as const };
  });
}
