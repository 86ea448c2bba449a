import type { Submission, SubmissionResult } from "@conform-to/react";
import type { Failure } from "./failure";

/**
 * A module's refusal as the submission's reply: a field error when it names a field, else a form error.
 * The messages are catalog keys; what was typed is kept (except `hideFields`, e.g. passwords).
 */
export function replyWithFailure<Schema>(
  submission: Submission<Schema>,
  failure: Pick<Failure, "field" | "message">,
  options: { hideFields?: string[] } = {},
): SubmissionResult<string[]> {
  return failure.field
    ? submission.reply({ ...options, fieldErrors: { [failure.field]: [failure.message] } })
    : submission.reply({ ...options, formErrors: [failure.message] });
}

/** The first message of a failed submission (field or form), for pages that show one message per form. */
export function firstError(result: SubmissionResult<string[]>): string | null {
  for (const messages of Object.values(result.error ?? {})) if (messages?.length) return messages[0]!;
  return null;
}

/** What was typed into a form (files left out), for forms that refill their fields from it. */
export function typedValues(form: FormData): Record<string, string> {
  return Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
