import { createHash } from "node:crypto";
import { and, asc, count, eq, gte, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { examAttempts, examDeviceRequests, examIntegrityEvents, examProctorMessages, examSessions } from "#db/schema";
import {
  DEFAULT_INTEGRITY_POLICY,
  INTEGRITY_EVENT_KINDS,
  type IntegrityEventKind,
  type IntegrityPolicy,
} from "~/modules/content";
import { notFound } from "~/utils/errors.server";
import { holdsAttempt, isAttemptId, ownAttempt } from "./attempt-rows.server";
import { examLimits, type ExamLimits } from "./limits.server";
import { examOf } from "./settings.server";

/**
 * The candidate's side of exam integrity (docs/exam-integrity.md): the attempt bound to one browser, the
 * "continue on this device?" request, the events the exam page reports, and what the page polls for
 * (its deadline, the proctor's messages, whether this browser still holds the attempt).
 */

type Attempt = Awaited<ReturnType<typeof ownAttempt>>;

/** Events the server records itself, whatever the policy: every change of device is kept. */
export const DEVICE_EVENT_KINDS = ["device_request", "device_change"] as const;

/** SHA-256 of the browser's device token: the database never holds the token itself. */
export function hashDeviceToken(token: string | null | undefined): string | null {
  return token ? createHash("sha256").update(token).digest("hex") : null;
}

/** The level's integrity policy: levels.yaml's `integrity`, or the default. */
export async function integrityPolicyOf(db: DbOrTx, levelSlug: string): Promise<IntegrityPolicy> {
  return (await examOf(db, levelSlug)).integrity ?? DEFAULT_INTEGRITY_POLICY;
}

/** "Last seen" is written at most this often (touchAttempt, and the save's own statement in sitting.server.ts). */
export const SEEN_EVERY_MS = 5_000;

// Written by most saves (a save every 15 s is past SEEN_EVERY_MS): prepared once per database handle. A
// placeholder is not encoded by its column: the instant goes as text, and the address is cast so that null keeps
// the stored one.
const touchStatement = preparedFor((db) =>
  db
    .update(examAttempts)
    .set({
      lastSeenAt: sql`${sql.placeholder("now")}::timestamptz`,
      lastIp: sql`coalesce(${sql.placeholder("ip")}::varchar, ${examAttempts.lastIp})`,
    })
    .where(eq(examAttempts.id, sql.placeholder("id")))
    .prepare("touch_exam_attempt"),
);

/**
 * Notes that the candidate's page was heard from: the console's "last seen", and a change of address,
 * recorded as an event when the policy asks. Writes only when something changed or a few seconds passed,
 * so a burst of saves costs no extra writes.
 */
export async function touchAttempt(db: DbOrTx, attempt: Attempt, ip: string | undefined, now: Date) {
  if (attempt.status !== "open") return;
  const ipChanged = !!ip && ip !== "unknown" && !!attempt.lastIp && attempt.lastIp !== ip;
  const stale = !attempt.lastSeenAt || now.getTime() - attempt.lastSeenAt.getTime() >= SEEN_EVERY_MS;
  if (!ipChanged && !stale && (attempt.lastIp || !ip)) return;
  // A known address replaces the last one; "unknown" (or none) keeps it.
  await touchStatement(db).execute({
    id: attempt.id,
    now: now.toISOString(),
    ip: ip && ip !== "unknown" ? ip : null,
  });
  if (ipChanged) await recordIpChange(db, attempt, attempt.lastIp!, ip, now);
}

/** A change of the candidate's address, recorded among the attempt's events when the level's policy asks. */
export async function recordIpChange(
  db: DbOrTx,
  attempt: { id: string; sessionId: string | null; levelSlug: string },
  from: string,
  to: string,
  now: Date,
) {
  if (!(await integrityPolicyOf(db, attempt.levelSlug)).record.includes("ip_change")) return;
  await db.insert(examIntegrityEvents).values({
    attemptId: attempt.id,
    sessionId: attempt.sessionId,
    kind: "ip_change",
    occurredAt: now,
    receivedAt: now,
    detail: { from, to },
  });
}

export type DeviceState =
  | { state: "bound" }
  | {
      state: "other";
      /** This browser's request to take over, if it made one. */
      request: { id: string; requestedAt: string; grantsAt: string | null } | null;
    };

/**
 * Whether this browser holds the attempt. An attempt no browser holds yet (started before binding existed)
 * is bound to the first that opens it. A pending request of this browser is granted here once the
 * center's wait has passed, if the session has one.
 */
export async function deviceStateOf(
  db: DbOrTx,
  attempt: Attempt,
  deviceHash: string | null,
  now: Date,
): Promise<DeviceState> {
  if (attempt.status !== "open") return { state: "bound" };
  if (!attempt.deviceHash && deviceHash) {
    const [bound] = await db
      .update(examAttempts)
      .set({ deviceHash })
      .where(and(eq(examAttempts.id, attempt.id), isNull(examAttempts.deviceHash)))
      .returning({ id: examAttempts.id });
    if (bound) return { state: "bound" };
    attempt = await ownAttempt(db, attempt.userId, attempt.id);
  }
  if (deviceHash && attempt.deviceHash === deviceHash) return { state: "bound" };
  if (!deviceHash) return { state: "other", request: null };
  const [request] = await db
    .select({
      id: examDeviceRequests.id,
      requestedAt: examDeviceRequests.requestedAt,
      wait: examSessions.deviceChangeWaitMinutes,
    })
    .from(examDeviceRequests)
    .innerJoin(examAttempts, eq(examAttempts.id, examDeviceRequests.attemptId))
    .leftJoin(examSessions, eq(examSessions.id, examAttempts.sessionId))
    .where(
      and(
        eq(examDeviceRequests.attemptId, attempt.id),
        eq(examDeviceRequests.deviceHash, deviceHash),
        eq(examDeviceRequests.status, "pending"),
      ),
    );
  if (!request) return { state: "other", request: null };
  const grantsAt = request.wait === null ? null : new Date(request.requestedAt.getTime() + request.wait * 60_000);
  if (grantsAt && grantsAt <= now) {
    await moveAttemptToDevice(db, attempt, { requestId: request.id, decidedBy: null, now });
    return { state: "bound" };
  }
  return {
    state: "other",
    request: {
      id: request.id,
      requestedAt: request.requestedAt.toISOString(),
      grantsAt: grantsAt?.toISOString() ?? null,
    },
  };
}

/**
 * Grants a device request: the attempt is bound to the requesting browser (the one before is refused from
 * now on), and the change is recorded among the attempt's events. Only a pending request is granted.
 */
export async function moveAttemptToDevice(
  db: DbOrTx,
  attempt: Pick<Attempt, "id" | "sessionId">,
  input: { requestId: string; decidedBy: string | null; now: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [granted] = await tx
      .update(examDeviceRequests)
      .set({ status: "approved", decidedBy: input.decidedBy, decidedAt: input.now })
      .where(
        and(
          eq(examDeviceRequests.id, input.requestId),
          eq(examDeviceRequests.attemptId, attempt.id),
          eq(examDeviceRequests.status, "pending"),
        ),
      )
      .returning({ deviceHash: examDeviceRequests.deviceHash });
    if (!granted) return false;
    await tx.update(examAttempts).set({ deviceHash: granted.deviceHash }).where(eq(examAttempts.id, attempt.id));
    await tx.insert(examIntegrityEvents).values({
      attemptId: attempt.id,
      sessionId: attempt.sessionId,
      kind: "device_change",
      occurredAt: input.now,
      receivedAt: input.now,
      detail: { by: input.decidedBy ? "proctor" : "wait" },
    });
    return true;
  });
}

/**
 * "Continue on this device?": this browser asks to take the attempt over. One pending request per attempt
 * (a newer one replaces the older); recorded among the attempt's events.
 */
export async function requestDeviceChange(
  db: DbOrTx,
  input: { userId: string; attemptId: string; deviceHash: string | null; now?: Date },
): Promise<{ ok: true } | { ok: false; reason: "closed" | "no_device" | "already_bound" }> {
  const now = input.now ?? new Date();
  const attempt = await ownAttempt(db, input.userId, input.attemptId);
  if (attempt.status !== "open" || attempt.deadlineAt <= now) return { ok: false, reason: "closed" };
  if (!input.deviceHash) return { ok: false, reason: "no_device" };
  if (attempt.deviceHash === input.deviceHash) return { ok: false, reason: "already_bound" };
  await db.transaction(async (tx) => {
    await tx
      .update(examDeviceRequests)
      .set({ status: "superseded", decidedAt: now })
      .where(and(eq(examDeviceRequests.attemptId, attempt.id), eq(examDeviceRequests.status, "pending")));
    await tx
      .insert(examDeviceRequests)
      .values({ attemptId: attempt.id, deviceHash: input.deviceHash!, requestedAt: now });
    await tx.insert(examIntegrityEvents).values({
      attemptId: attempt.id,
      sessionId: attempt.sessionId,
      kind: "device_request",
      occurredAt: now,
      receivedAt: now,
    });
  });
  return { ok: true };
}

/** No attempt keeps more events than this: a page that floods can fill nothing. */
export const MAX_EVENTS_PER_ATTEMPT = 2_000;

export interface ReportedEvent {
  /** The page's own sequence number: a retried batch stores each event once. */
  seq: number;
  kind: string;
  /** When it happened on the candidate's device (ISO); kept within the attempt's time, else the arrival time. */
  at: string;
}

export type EventsResult =
  | { ok: true; stored: number; recorded: IntegrityEventKind[]; warn: boolean }
  | { ok: false; reason: "closed" | "device" }
  | { ok: false; reason: "limited"; retryAfterSeconds: number };

/**
 * The exam page's events, sent through the same queue as answers. Only the candidate's own open attempt,
 * from the browser it is bound to; kinds the exam's policy does not record are dropped; per person and
 * attempt the count is limited in the shared limits (limits.server.ts: every app copy counts into one
 * budget), and a flood is refused before any other database work, so it never delays a save.
 */
export async function recordIntegrityEvents(
  db: DbOrTx,
  input: {
    userId: string;
    attemptId: string;
    deviceHash: string | null;
    ip?: string;
    events: ReportedEvent[];
    now?: Date;
    /** The limits to count in (another app copy's, in tests); by default this process's. */
    limits?: ExamLimits;
  },
): Promise<EventsResult> {
  const now = input.now ?? new Date();
  // An id that cannot name an attempt is a 404 before any counter is written.
  if (!isAttemptId(input.attemptId)) throw notFound();
  // Keyed by person and attempt: nobody can spend another candidate's budget by naming their attempt.
  const limits = input.limits ?? (await examLimits());
  const counted = await limits.events.take(`${input.userId}:${input.attemptId}`, input.events.length);
  if (!counted.allowed) return { ok: false, reason: "limited", retryAfterSeconds: counted.retryAfterSeconds };
  const attempt = await ownAttempt(db, input.userId, input.attemptId);
  if (attempt.status !== "open") return { ok: false, reason: "closed" };
  if (!holdsAttempt(attempt, input.deviceHash)) return { ok: false, reason: "device" };
  const policy = await integrityPolicyOf(db, attempt.levelSlug);
  const wanted = input.events.filter(
    (e) =>
      (INTEGRITY_EVENT_KINDS as readonly string[]).includes(e.kind) &&
      policy.record.includes(e.kind as IntegrityEventKind) &&
      e.kind !== "ip_change",
  );
  await touchAttempt(db, attempt, input.ip, now);
  if (!wanted.length) return { ok: true, stored: 0, recorded: policy.record, warn: policy.warnCandidate };
  const [stored] = await db
    .select({ n: count() })
    .from(examIntegrityEvents)
    .where(eq(examIntegrityEvents.attemptId, attempt.id));
  const room = Math.max(0, MAX_EVENTS_PER_ATTEMPT - (stored?.n ?? 0));
  // Full: these are dropped for good (answered as done, so the page's queue does not retry them forever).
  if (!room) return { ok: true, stored: 0, recorded: policy.record, warn: policy.warnCandidate };
  const earliest = attempt.startedAt.getTime();
  const rows = wanted.slice(0, room).map((e) => {
    const at = Date.parse(e.at);
    // A device clock that is off (or a forged time) cannot place an event before the start or in the future.
    const occurredAt =
      Number.isFinite(at) && at >= earliest - 60_000 && at <= now.getTime() + 60_000 ? new Date(at) : now;
    return {
      attemptId: attempt.id,
      sessionId: attempt.sessionId,
      kind: e.kind,
      occurredAt,
      receivedAt: now,
      clientSeq: e.seq,
    };
  });
  const inserted = await db
    .insert(examIntegrityEvents)
    .values(rows)
    .onConflictDoNothing({ target: [examIntegrityEvents.attemptId, examIntegrityEvents.clientSeq] })
    .returning({ id: examIntegrityEvents.id });
  return { ok: true, stored: inserted.length, recorded: policy.record, warn: policy.warnCandidate };
}

/**
 * What the candidate's exam page polls for: the deadline (a proctor's extra time moves it), the proctor's
 * messages, whether the attempt is still open (a proctor may end it) and whether this browser holds it.
 */
// Polled by every candidate's page: prepared once per database handle (docs/performance.md, session 7).
const messagesStatement = preparedFor((db) => {
  const attemptId = sql.placeholder("attemptId");
  return db
    .select({ id: examProctorMessages.id, body: examProctorMessages.body, sentAt: examProctorMessages.sentAt })
    .from(examProctorMessages)
    .where(
      and(
        eq(examProctorMessages.sessionId, sql.placeholder("sessionId")),
        or(isNull(examProctorMessages.attemptId), eq(examProctorMessages.attemptId, attemptId)),
        gte(examProctorMessages.sentAt, sql.placeholder("since")),
      ),
    )
    .orderBy(asc(examProctorMessages.id))
    .prepare("exam_proctor_messages_for");
});

/**
 * What the candidate's exam page polls for: the deadline (a proctor's extra time moves it), the proctor's
 * messages, whether the attempt is still open (a proctor may end it) and whether this browser holds it.
 * `attempt`: the row when the caller has just read it (the exam page), so it is not read twice.
 */
export async function attemptStatusFor(
  db: DbOrTx,
  input: { userId: string; attemptId: string; deviceHash: string | null; ip?: string; now?: Date; attempt?: Attempt },
) {
  const now = input.now ?? new Date();
  const attempt = input.attempt ?? (await ownAttempt(db, input.userId, input.attemptId));
  const device = await deviceStateOf(db, attempt, input.deviceHash, now);
  if (device.state === "bound") await touchAttempt(db, attempt, input.ip, now);
  const [messages, policy] = await Promise.all([
    attempt.sessionId
      ? messagesStatement(db).execute({
          sessionId: attempt.sessionId,
          attemptId: attempt.id,
          // A placeholder is not encoded by its column: the instant goes as the text Drizzle would send.
          since: attempt.startedAt.toISOString(),
        })
      : [],
    integrityPolicyOf(db, attempt.levelSlug),
  ]);
  return {
    status: attempt.status,
    deadlineAt: attempt.deadlineAt.toISOString(),
    endReason: attempt.endReason,
    device,
    // What the page reports and whether it warns (server-side kinds are left out: the page cannot see them).
    policy: { record: policy.record.filter((k) => k !== "ip_change"), warnCandidate: policy.warnCandidate },
    messages: messages.map((m) => ({ id: m.id, body: m.body, sentAt: m.sentAt.toISOString() })),
    serverNow: now.toISOString(),
  };
}

/** The attempt's integrity record in time order (the console, graders, the candidate's data download). */
export async function integrityEventsOf(db: DbOrTx, attemptId: string) {
  return db
    .select({
      id: examIntegrityEvents.id,
      kind: examIntegrityEvents.kind,
      occurredAt: examIntegrityEvents.occurredAt,
      receivedAt: examIntegrityEvents.receivedAt,
      detail: examIntegrityEvents.detail,
    })
    .from(examIntegrityEvents)
    .where(eq(examIntegrityEvents.attemptId, attemptId))
    .orderBy(asc(examIntegrityEvents.occurredAt), asc(examIntegrityEvents.id));
}

/**
 * Retention (EXAM_EVENT_RETENTION_DAYS, docs/exam-integrity.md): deletes events received before `before`,
 * and forgets the last address of attempts closed before it. Called at start and daily by the server.
 */
export async function purgeIntegrityEvents(db: DbOrTx, before: Date): Promise<number> {
  const deleted = await db
    .delete(examIntegrityEvents)
    .where(lt(examIntegrityEvents.receivedAt, before))
    .returning({ id: examIntegrityEvents.id });
  await db
    .update(examAttempts)
    .set({ lastIp: null })
    .where(
      and(ne(examAttempts.status, "open"), lt(examAttempts.closedAt, before), sql`${examAttempts.lastIp} is not null`),
    );
  return deleted.length;
}
