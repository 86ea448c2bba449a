import type { Submission } from "@conform-to/react";
import { data, redirect } from "@remix-run/node";
import type { Failure } from "./failure";
import { replyWithFailure } from "./form-reply";

/**
 * The level, course and lesson editors' answer to "save draft": a refusal goes back to the form (the field's
 * error, and the message with its values at the top); a saved draft opens its change page, where it is submitted.
 */
export function answerDraft<Schema>(
  submission: Submission<Schema>,
  outcome: { ok: true; change: { id: string } } | Failure,
) {
  if (!outcome.ok)
    return data(
      { result: replyWithFailure(submission, outcome), failure: { message: outcome.message, values: outcome.values } },
      { status: 400 },
    );
  return redirect(`/manage/content/changes/${outcome.change.id}?saved=1`);
}

export function answerInvalid<Schema>(submission: Submission<Schema>) {
  return data({ result: submission.reply(), failure: null }, { status: 400 });
}
