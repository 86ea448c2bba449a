import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import QRCode from "qrcode";
import type { DbOrTx } from "#db/client";
import { classroomAttendance, classroomSessions, cohortMembers, cohorts } from "#db/schema";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";
import {
  ATTENDED_STATUSES,
  type AttendanceStatus,
  CHECK_IN_OPENS_MINUTES_BEFORE,
  CHECK_IN_WINDOW_SECONDS,
} from "./classroom";

/**
 * Check-in by scanning the room's code (扫码签到). The code is an HMAC of the session and the current time window
 * under the session's own key, which never leaves the server; it changes every CHECK_IN_WINDOW_SECONDS and only
 * the current and the previous window's codes are accepted, so a photo of the screen sent to a friend expires
 * within two windows.
 */

type Actor = Pick<SessionUser, "id" | "memberships">;
const WINDOW_MS = CHECK_IN_WINDOW_SECONDS * 1000;
const MINUTE_MS = 60_000;

export const checkInWindow = (now: Date) => Math.floor(now.getTime() / WINDOW_MS);

export function checkInCode(key: Uint8Array, sessionId: string, window: number) {
  // 16 bytes of the MAC: far beyond guessing within a window, short enough for a small QR code.
  return createHmac("sha256", key)
    .update(`classroom-check-in:${sessionId}:${window}`)
    .digest()
    .subarray(0, 16)
    .toString("base64url");
}

/** The path a code leads to; the route of the same name checks the trainee in. */
export const checkInPath = (sessionId: string, window: number, code: string) =>
  `/check-in/${sessionId}?w=${window}&c=${code}`;

const running = (session: { startsAt: Date; endsAt: Date }, now: Date) =>
  now.getTime() >= session.startsAt.getTime() - CHECK_IN_OPENS_MINUTES_BEFORE * MINUTE_MS &&
  now.getTime() <= session.endsAt.getTime();

/**
 * What the room's screen shows now: the session, the code of the current window as a QR image and the URL in it,
 * when it changes, and how many have checked in. For the center's staff.
 */
export async function checkInDisplay(
  db: DbOrTx,
  actor: Actor,
  center: { id: string },
  cohortId: string,
  sessionId: string,
  baseUrl: string,
  now = new Date(),
) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  const [row] = await db
    .select({
      session: classroomSessions,
      cohortName: cohorts.name,
      members: sql<number>`(select count(*) from ${cohortMembers} where ${cohortMembers.cohortId} = ${cohorts.id})::int`,
      checkedIn: sql<number>`(select count(*) from ${classroomAttendance} where ${classroomAttendance.sessionId} = ${classroomSessions.id} and ${classroomAttendance.status} in ('present', 'late'))::int`,
    })
    .from(classroomSessions)
    .innerJoin(cohorts, eq(cohorts.id, classroomSessions.cohortId))
    .where(and(eq(classroomSessions.id, sessionId), eq(cohorts.id, cohortId), eq(cohorts.centerId, center.id)));
  if (!row) throw notFound();
  const { checkInKey, ...session } = row.session;
  const window = checkInWindow(now);
  const url = `${baseUrl}${checkInPath(sessionId, window, checkInCode(checkInKey, sessionId, window))}`;
  const open = !session.cancelledAt && running(session, now);
  return {
    session,
    cohortName: row.cohortName,
    members: row.members,
    checkedIn: row.checkedIn,
    open,
    // No code is shown while check-in is closed: there is nothing to scan for.
    url: open ? url : null,
    qrDataUrl: open ? await QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 2, width: 360 }) : null,
    changesAt: new Date((window + 1) * WINDOW_MS).toISOString(),
  };
}

export type CheckInRefusal = "invalid" | "expired" | "cancelled" | "not_open" | "ended" | "not_member";
export type CheckInResult =
  | { ok: true; status: AttendanceStatus; already: boolean; session: CheckInSession }
  | { ok: false; reason: CheckInRefusal; session: CheckInSession | null };
export interface CheckInSession {
  cohortName: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  topic: string | null;
}

/**
 * Checks the signed-in trainee in with a scanned code: on time until the start plus the session's grace
 * minutes, late after. Refused with the reason when the code is altered or expired, the session is cancelled,
 * not open yet or over, or the trainee is not in its cohort. A second scan keeps the first time.
 */
export async function checkIn(
  db: DbOrTx,
  userId: string,
  input: { sessionId: string; window: number; code: string },
  now = new Date(),
): Promise<CheckInResult> {
  const [row] = await db
    .select({ session: classroomSessions, cohortName: cohorts.name })
    .from(classroomSessions)
    .innerJoin(cohorts, eq(cohorts.id, classroomSessions.cohortId))
    .where(eq(classroomSessions.id, input.sessionId));
  if (!row) return { ok: false, reason: "invalid", session: null };
  const s = row.session;
  const expected = Buffer.from(checkInCode(s.checkInKey, s.id, input.window));
  const given = Buffer.from(input.code);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "invalid", session: null };
  const session = {
    cohortName: row.cohortName,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    place: s.place,
    topic: s.topic,
  };
  const current = checkInWindow(now);
  // A genuine code from a later window cannot exist yet; one older than the previous window has expired.
  if (input.window > current) return { ok: false, reason: "invalid", session: null };
  if (input.window < current - 1) return { ok: false, reason: "expired", session };
  if (s.cancelledAt) return { ok: false, reason: "cancelled", session };
  if (!running(s, now))
    return { ok: false, reason: now.getTime() > s.endsAt.getTime() ? "ended" : "not_open", session };
  const [member] = await db
    .select({ userId: cohortMembers.userId })
    .from(cohortMembers)
    .where(and(eq(cohortMembers.cohortId, s.cohortId), eq(cohortMembers.userId, userId)));
  if (!member) return { ok: false, reason: "not_member", session };
  const status: AttendanceStatus =
    now.getTime() <= s.startsAt.getTime() + s.graceMinutes * MINUTE_MS ? "present" : "late";
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ status: classroomAttendance.status })
      .from(classroomAttendance)
      .where(and(eq(classroomAttendance.sessionId, s.id), eq(classroomAttendance.userId, userId)))
      .for("update");
    if (existing && ATTENDED_STATUSES.includes(existing.status))
      return { ok: true as const, status: existing.status, already: true, session };
    // Scanning in the room outweighs an earlier "absent" or "excused": the trainee is here.
    await tx
      .insert(classroomAttendance)
      .values({ sessionId: s.id, userId, status, checkedInAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [classroomAttendance.sessionId, classroomAttendance.userId],
        set: { status, checkedInAt: now, markedBy: null, updatedAt: now },
        // Two scans at once: the first one's time stands.
        setWhere: sql`${classroomAttendance.status} not in ('present', 'late')`,
      });
    return { ok: true as const, status, already: false, session };
  });
}
