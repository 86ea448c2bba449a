import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect } from "@remix-run/node";
import type { z } from "zod";
import type { Db } from "#db/client";
import { retireSchema } from "~/modules/content";
import { openDraftOf, saveDraft } from "~/modules/content/index.server";
import { can, requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { requireUser } from "./auth.server";
import { db } from "./db.server";
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

type Saved = { ok: true; change: { id: string } } | Failure;

/**
 * What differs between the course and the lesson editor (`/manage/content/courses/<id>`, `/manage/content/lessons/<id>`);
 * the rest — who may open and save, reopening the author's draft, saving, retiring, the answers — is shared below.
 */
export interface ItemEditor<
  Item extends { id: string; version: number },
  Payload,
  Fields extends object,
  Schema extends z.ZodTypeAny,
> {
  kind: "course" | "lesson";
  /** The item for its editor; throws 404 when it is not one of the curriculum's. */
  find(database: Db, user: SessionUser, id: string): Promise<Item>;
  /** A draft's payload as the form's fields, or null when the draft does not hold this kind of item. */
  draftFields(payload: Payload, item: Item): Fields | null;
  schema: Schema;
  save(database: Db, user: SessionUser, item: Item, values: z.output<Schema>): Promise<Saved>;
}

/**
 * An existing item's editor: the item as it is now, or — continuing a draft or revising a returned change
 * (`?change=<id>`, its author only) — the draft's fields over it, against the version the draft was made on.
 */
export async function loadItemEditor<
  Item extends { id: string; version: number },
  Payload,
  Fields extends object,
  Schema extends z.ZodTypeAny,
>(request: Request, id: string | undefined, editor: ItemEditor<Item, Payload, Fields, Schema>) {
  const user = await requireUser(request);
  const database = await db();
  const item = await editor.find(database, user, id ?? "");
  const change = new URL(request.url).searchParams.get("change");
  const draft = await openDraftOf<Payload>(database, user, change, editor.kind, item.id);
  const fields = draft ? editor.draftFields(draft.payload, item) : null;
  return {
    item: fields && draft ? { ...item, ...fields, version: draft.baseVersion ?? item.version } : item,
    draft: fields && draft ? { changeId: draft.changeId, revision: draft.revision } : null,
    canAuthor: can(user, "author:content"),
  };
}

/** An existing item's editor's two forms: save a draft of the edited item, or a draft retiring it. */
export async function itemEditorAction<
  Item extends { id: string; version: number },
  Payload,
  Fields extends object,
  Schema extends z.ZodTypeAny,
>(request: Request, id: string | undefined, editor: ItemEditor<Item, Payload, Fields, Schema>) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  const database = await db();
  const item = await editor.find(database, user, id ?? "");
  const form = await request.formData();
  if (form.get("intent") === "retire") {
    const submission = parseWithZod(form, { schema: retireSchema });
    if (submission.status !== "success") return answerInvalid(submission);
    const outcome = await saveDraft(database, user, {
      kind: editor.kind,
      action: "retire",
      targetId: item.id,
      baseVersion: submission.value.baseVersion,
      payload: {},
    });
    // The retire form has no field to show a message beside: any refusal is the form's.
    return answerDraft(submission, outcome.ok ? outcome : { ...outcome, field: undefined });
  }
  const submission = parseWithZod(form, { schema: editor.schema });
  if (submission.status !== "success") return answerInvalid(submission);
  return answerDraft(submission, await editor.save(database, user, item, submission.value as z.output<Schema>));
}
