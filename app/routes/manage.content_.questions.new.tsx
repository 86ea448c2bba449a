import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { QuestionForm } from "~/components/authoring/question-form";
import { PageHeader } from "~/components/forms";
import type { QuestionFields } from "~/modules/content";
import { draftFields, getChange, listQuestionTopics } from "~/modules/content/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { saveQuestionFromForm } from "~/utils/authoring.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "authoring.editor.newTitle");

const EMPTY: QuestionFields = {
  id: "",
  type: "single",
  difficulty: "2",
  points: "",
  stem: "",
  options: [],
  answer: "",
  explanation: "",
  rubric: "",
  parts: "",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  const database = await db();
  const topics = await listQuestionTopics(database);
  // "Continue editing" a draft of a new question.
  const changeId = new URL(request.url).searchParams.get("change");
  if (changeId && /^[0-9a-f-]{36}$/.test(changeId)) {
    const { change, may } = await getChange(database, user, changeId);
    const draft = may.edit ? draftFields(change) : null;
    if (draft)
      return { topics, place: draft.place, fields: draft.fields, changeId: change.id, revision: change.revision };
  }
  const first = topics[0];
  return {
    topics,
    place: first ? `${first.levelSlug}/${first.topic}` : "",
    fields: EMPTY,
    changeId: undefined,
    revision: undefined,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  return saveQuestionFromForm(await request.formData(), user);
}

export default function NewQuestionPage() {
  const { t } = useTranslation();
  const { topics, place, fields, changeId, revision } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title={t("authoring.editor.newTitle")} />
      {revision ? <p className="text-sm text-slate-600">{t("authoring.editor.editingChange", { revision })}</p> : null}
      <QuestionForm
        topics={topics}
        place={place}
        fields={fields}
        locked={false}
        hidden={{ changeId, revision }}
        saved={saved}
      />
    </div>
  );
}
