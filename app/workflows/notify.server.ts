import type { DbOrTx } from "#db/client";
import { cohortSummary } from "~/modules/cohorts/index.server";
import { type SessionAudience, sessionAudience, sessionsOpeningBetween } from "~/modules/exams/index.server";
import { type NotificationInput, notify } from "~/modules/notifications/index.server";

/**
 * Tells people what happened to them. The notifications area sits low (above mail and auth), so the areas
 * whose events these are never import it; the routes and jobs call these right after the event's transaction.
 */

const HOUR_MS = 3_600_000;

function sessionParams(s: SessionAudience["session"]): Record<string, string> {
  return {
    session: s.name,
    level: s.levelSlug,
    location: s.location ?? "",
    opensAt: s.opensAt.toISOString(),
    closesAt: s.closesAt.toISOString(),
  };
}

/** Every candidate of a newly scheduled session: inbox, e-mail with the .ics. */
export async function notifySessionScheduled(db: DbOrTx, appUrl: string, sessionId: string) {
  const audience = await sessionAudience(db, sessionId);
  if (!audience) return 0;
  return notify(
    db,
    appUrl,
    audience.userIds.map((userId) => ({
      userId,
      kind: "session_scheduled",
      subject: sessionId,
      params: sessionParams(audience.session),
      link: "/exams",
    })),
  );
}

/**
 * Every candidate of a session whose time or place changed, with the updated .ics: the same UID and a
 * SEQUENCE that grows with each change (the change's time in seconds, as a cancellation's), so calendars replace
 * the event. The change's time is the occurrence: each change once, however often this runs for it.
 */
export async function notifySessionChanged(db: DbOrTx, appUrl: string, sessionId: string, changedAt: Date) {
  const audience = await sessionAudience(db, sessionId);
  if (!audience || audience.session.cancelledAt) return 0;
  const params = { ...sessionParams(audience.session), sequence: String(Math.floor(changedAt.getTime() / 1000)) };
  return notify(
    db,
    appUrl,
    audience.userIds.map((userId) => ({
      userId,
      kind: "session_changed",
      subject: sessionId,
      occurrence: changedAt.toISOString(),
      params,
      link: "/exams",
    })),
  );
}

/** Every candidate of a cancelled session; the .ics cancels the event in their calendars. */
export async function notifySessionCancelled(db: DbOrTx, appUrl: string, sessionId: string) {
  const audience = await sessionAudience(db, sessionId);
  if (!audience?.session.cancelledAt) return 0;
  const params = {
    ...sessionParams(audience.session),
    sequence: String(Math.floor(audience.session.cancelledAt.getTime() / 1000)),
  };
  return notify(
    db,
    appUrl,
    audience.userIds.map((userId) => ({
      userId,
      kind: "session_cancelled",
      subject: sessionId,
      params,
      link: "/exams",
    })),
  );
}

/**
 * 24 h and 1 h before a session opens, each candidate is reminded once: the occurrence ("24h" or "1h" and the
 * opening time) is part of the notification's unique key, so the job on several app copies still sends each
 * reminder once, and a session moved to another time is reminded again for its new time.
 * A session opening within the hour gets only the 1 h reminder. Run every few minutes.
 */
export async function sendSessionReminders(db: DbOrTx, appUrl: string, now = new Date()) {
  const sessions = await sessionsOpeningBetween(db, now, new Date(now.getTime() + 24 * HOUR_MS));
  const inputs: NotificationInput[] = [];
  for (const { session, userIds } of sessions) {
    const before = session.opensAt.getTime() - now.getTime() <= HOUR_MS ? "1h" : "24h";
    const occurrence = `${before}@${session.opensAt.toISOString()}`;
    for (const userId of userIds)
      inputs.push({
        userId,
        kind: "session_reminder",
        subject: session.id,
        occurrence,
        params: sessionParams(session),
        link: "/exams",
      });
  }
  return notify(db, appUrl, inputs);
}

/** Trainees just added to a cohort. */
export async function notifyAddedToCohort(db: DbOrTx, appUrl: string, cohortId: string, userIds: readonly string[]) {
  const cohort = await cohortSummary(db, cohortId);
  if (!cohort || !userIds.length) return 0;
  return notify(
    db,
    appUrl,
    userIds.map((userId) => ({
      userId,
      kind: "cohort_added",
      subject: cohortId,
      params: { cohort: cohort.name, level: cohort.levelSlug },
      link: "/learn",
    })),
  );
}

/** A password change, one per change (its time is the occurrence). */
export async function notifyPasswordChanged(db: DbOrTx, appUrl: string, userId: string, at: Date) {
  return notify(db, appUrl, [
    {
      userId,
      kind: "password_changed",
      subject: userId,
      occurrence: at.toISOString(),
      params: { at: at.toISOString() },
      link: "/account",
    },
  ]);
}

/** An exam's final result (at submission, by the sweep, or once the last essay is graded); once per attempt. */
export async function notifyResultAvailable(
  db: DbOrTx,
  appUrl: string,
  attempt: { attemptId: string; userId: string; levelSlug: string },
) {
  return notify(db, appUrl, [
    {
      userId: attempt.userId,
      kind: "result_available",
      subject: attempt.attemptId,
      params: { level: attempt.levelSlug },
      link: "/exams",
    },
  ]);
}

/** A certificate issued to its holder; once per certificate. */
export async function notifyCertificateIssued(
  db: DbOrTx,
  appUrl: string,
  certificate: { certificateId: string; userId: string; levelSlug: string },
) {
  return notify(db, appUrl, [
    {
      userId: certificate.userId,
      kind: "certificate_issued",
      subject: certificate.certificateId,
      params: { level: certificate.levelSlug },
      link: `/certificates/${certificate.certificateId}`,
    },
  ]);
}

/** A portfolio case approved (once per case) or returned (once per return: its time is the occurrence). */
export async function notifyCaseReviewed(
  db: DbOrTx,
  appUrl: string,
  review: { caseId: string; userId: string; title: string; approved: boolean; at: Date },
) {
  return notify(db, appUrl, [
    {
      userId: review.userId,
      kind: review.approved ? "portfolio_approved" : "portfolio_returned",
      subject: review.caseId,
      occurrence: review.approved ? "" : review.at.toISOString(),
      params: { case: review.title },
      link: `/portfolio/${review.caseId}`,
    },
  ]);
}

/** A certificate revoked, or renewed (the new certificate is the subject); once each. */
export async function notifyCertificateChanged(
  db: DbOrTx,
  appUrl: string,
  change: {
    kind: "certificate_revoked" | "certificate_renewed";
    certificateId: string;
    userId: string;
    levelSlug: string;
  },
) {
  return notify(db, appUrl, [
    {
      userId: change.userId,
      kind: change.kind,
      subject: change.certificateId,
      params: { level: change.levelSlug },
      link: `/certificates/${change.certificateId}`,
    },
  ]);
}
