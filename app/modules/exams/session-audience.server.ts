import { and, eq, gt, inArray, isNull, lte } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { examSessionCandidates, examSessions } from "#db/schema";
import { cohortMemberIds } from "~/modules/cohorts/index.server";

/** A session as its candidates are told about it (notifications, calendar files). */
export interface SessionAudience {
  session: {
    id: string;
    name: string;
    levelSlug: string;
    location: string | null;
    opensAt: Date;
    closesAt: Date;
    cancelledAt: Date | null;
  };
  userIds: string[];
}

const sessionColumns = {
  id: examSessions.id,
  name: examSessions.name,
  levelSlug: examSessions.levelSlug,
  location: examSessions.location,
  opensAt: examSessions.opensAt,
  closesAt: examSessions.closesAt,
  cancelledAt: examSessions.cancelledAt,
  cohortId: examSessions.cohortId,
};

async function withCandidates(
  db: DbOrTx,
  rows: (SessionAudience["session"] & { cohortId: string | null })[],
): Promise<SessionAudience[]> {
  if (!rows.length) return [];
  const named = await db
    .select({ sessionId: examSessionCandidates.sessionId, userId: examSessionCandidates.userId })
    .from(examSessionCandidates)
    .where(
      inArray(
        examSessionCandidates.sessionId,
        rows.map((r) => r.id),
      ),
    );
  const result: SessionAudience[] = [];
  for (const { cohortId, ...session } of rows) {
    const userIds = cohortId
      ? await cohortMemberIds(db, cohortId)
      : named.filter((n) => n.sessionId === session.id).map((n) => n.userId);
    result.push({ session, userIds });
  }
  return result;
}

/** Who a session is for now: its cohort's members, or its named trainees. Null when there is no such session. */
export async function sessionAudience(db: DbOrTx, sessionId: string): Promise<SessionAudience | null> {
  const rows = await db.select(sessionColumns).from(examSessions).where(eq(examSessions.id, sessionId));
  return (await withCandidates(db, rows))[0] ?? null;
}

/** Sessions, not cancelled, opening after `from` and at or before `to`, with their candidates (for reminders). */
export async function sessionsOpeningBetween(db: DbOrTx, from: Date, to: Date): Promise<SessionAudience[]> {
  const rows = await db
    .select(sessionColumns)
    .from(examSessions)
    .where(and(isNull(examSessions.cancelledAt), gt(examSessions.opensAt, from), lte(examSessions.opensAt, to)));
  return withCandidates(db, rows);
}
