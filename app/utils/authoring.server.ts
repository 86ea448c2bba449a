import { parseWithZod } from "@conform-to/zod";
import { data, redirect } from "@remix-run/node";
import { formToFields, questionFormSchema } from "~/modules/content";
import { saveQuestionDraft } from "~/modules/content/index.server";
import type { SessionUser } from "~/modules/orgs/index.server";
import { db } from "./db.server";
import { replyWithFailure } from "./form-reply";

/**
 * The question editor's "save draft" (new and existing questions alike): parse, save the draft change,
 * then open the change's page, where it is submitted for review.
 */
export async function saveQuestionFromForm(form: FormData, user: SessionUser, targetId?: string) {
  const submission = parseWithZod(form, { schema: questionFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), failure: null }, { status: 400 });
  const v = submission.value;
  const outcome = await saveQuestionDraft(await db(), user, {
    place: v.place,
    fields: formToFields(v),
    targetId,
    baseVersion: v.baseVersion,
    changeId: v.changeId,
    revision: v.revision,
  });
  if (!outcome.ok)
    return data(
      { result: replyWithFailure(submission, outcome), failure: { message: outcome.message, values: outcome.values } },
      { status: 400 },
    );
  return redirect(`/manage/content/changes/${outcome.change.id}?saved=1`);
}
