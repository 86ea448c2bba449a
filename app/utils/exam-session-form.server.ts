import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import type { SessionUser } from "~/modules/orgs/index.server";
import { cancelExamSession, rescheduleExamSession, scheduleExamSession } from "~/modules/exams/index.server";
import type { DbOrTx } from "#db/client";
import { notifySessionCancelled, notifySessionChanged, notifySessionScheduled } from "~/workflows/notify.server";
import { publicUrl } from "./env.server";
import type { ExamSessionIntent } from "./exam-session-schema";
import { replyWithFailure } from "./form-reply";

/**
 * The schedule/cancel intents shared by the cohort page and the center's sessions page, once the page's
 * action has parsed them (with `examSessionSchema`, or its own union that includes both intents).
 */
export async function handleExamSessionForm<Schema>(
  database: DbOrTx,
  user: Pick<SessionUser, "id" | "memberships">,
  center: { id: string; regionId: string | null },
  submission: Submission<Schema>,
  value: ExamSessionIntent,
) {
  if (value.intent === "cancel") {
    await cancelExamSession(database, user, center, value.sessionId);
    // Told right after the cancellation is committed (docs/notifications.md).
    await notifySessionCancelled(database, publicUrl(), value.sessionId);
    return data({ intent: "cancel" as const, result: submission.reply(), scheduled: false });
  }
  if (value.intent === "reschedule") {
    const { intent, ...change } = value;
    const outcome = await rescheduleExamSession(database, user, center, change);
    if (!outcome.ok)
      return data({ intent, result: replyWithFailure(submission, outcome), scheduled: false }, { status: 400 });
    // Told right after the change is committed; nothing changed, nothing to tell.
    if (outcome.changedAt) await notifySessionChanged(database, publicUrl(), change.sessionId, outcome.changedAt);
    return data({ intent, result: submission.reply(), scheduled: false, changed: !!outcome.changedAt });
  }
  const { intent, ...input } = value;
  const outcome = await scheduleExamSession(database, user, center, input);
  if (!outcome.ok)
    return data({ intent, result: replyWithFailure(submission, outcome), scheduled: false }, { status: 400 });
  await notifySessionScheduled(database, publicUrl(), outcome.sessionId);
  return data({ intent, result: submission.reply(), scheduled: true });
}
