import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DiffTable } from "~/components/authoring/diff-table";
import { QuestionForm } from "~/components/authoring/question-form";
import { DataTable } from "~/components/data-table";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { retireSchema } from "~/modules/content";
import {
  draftFields,
  getChange,
  listQuestionTopics,
  questionForEditor,
  questionVersionDiff,
  saveDraft,
} from "~/modules/content/index.server";
import { can, requirePermission } from "~/modules/orgs/index.server";
import { saveQuestionFromForm } from "~/utils/authoring.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "authoring.bank.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const question = await questionForEditor(database, user, params.questionId ?? "");
  const url = new URL(request.url);
  const compare = Number(url.searchParams.get("compare"));
  const diff =
    Number.isInteger(compare) && compare > 1 && compare <= question.version
      ? { version: compare, rows: await questionVersionDiff(database, user, question.id, compare - 1, compare) }
      : null;
  let form = {
    place: `${question.levelSlug}/${question.topic}`,
    fields: question.fields,
    changeId: undefined as string | undefined,
    revision: undefined as number | undefined,
    baseVersion: question.version,
  };
  const changeId = url.searchParams.get("change");
  if (changeId && /^[0-9a-f-]{36}$/.test(changeId)) {
    const { change, may } = await getChange(database, user, changeId);
    const draft = may.edit && change.targetId === question.id ? draftFields(change) : null;
    if (draft)
      form = {
        ...draft,
        changeId: change.id,
        revision: change.revision,
        baseVersion: change.baseVersion ?? question.version,
      };
  }
  return { question, form, diff, topics: await listQuestionTopics(database), canAuthor: can(user, "author:content") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  const form = await request.formData();
  const questionId = params.questionId ?? "";
  if (form.get("intent") !== "retire") return saveQuestionFromForm(form, user, questionId);
  const submission = parseWithZod(form, { schema: retireSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), failure: null }, { status: 400 });
  const outcome = await saveDraft(await db(), user, {
    kind: "question",
    action: "retire",
    targetId: questionId,
    baseVersion: submission.value.baseVersion,
    payload: {},
  });
  if (!outcome.ok)
    return data(
      {
        result: submission.reply({ formErrors: [outcome.message] }),
        failure: { message: outcome.message, values: outcome.values },
      },
      { status: 400 },
    );
  return redirect(`/manage/content/changes/${outcome.change.id}?saved=1`);
}

export default function EditQuestionPage() {
  const { t } = useTranslation();
  const { question, form, diff, topics, canAuthor } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  const navigation = useNavigation();
  const { language } = useLocale();
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={t("authoring.editor.editTitle", { id: question.externalId })}>
        <Link to="/manage/content/questions" className="btn-secondary">
          {t("authoring.bank.title")}
        </Link>
      </PageHeader>
      {question.retired ? <FormMessage>{t("authoring.editor.retired")}</FormMessage> : null}
      {question.duplicates.length ? (
        <section
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
          aria-labelledby="dup-heading"
        >
          <h2 id="dup-heading" className="font-semibold">
            {t("authoring.editor.duplicates")}
          </h2>
          <p>{t("authoring.editor.duplicatesHint")}</p>
          <ul className="mt-1 list-disc pl-5">
            {question.duplicates.map((d) => (
              <li key={d.id}>
                <Link to={`/manage/content/questions/${d.id}`} className="underline">
                  {d.topic}/{d.externalId}
                </Link>{" "}
                {d.stem} · {t("authoring.editor.similarity", { percent: Math.round(d.similarity * 100) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {question.openChanges.length || question.changes.length ? (
        <section className="card" aria-labelledby="changes-heading">
          <h2 id="changes-heading" className="text-lg font-semibold">
            {t("authoring.editor.changes")}
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {question.changes.map((c) => (
              <li key={c.id}>
                <Link to={`/manage/content/changes/${c.id}`} className="underline">
                  {t(`authoring.actions.${c.action}`)} · {t(`authoring.statuses.${c.status}`)}
                </Link>{" "}
                · {c.authorName} · {formatDateTime(c.updatedAt, language)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {form.revision ? (
        <p className="text-sm text-slate-600">{t("authoring.editor.editingChange", { revision: form.revision })}</p>
      ) : null}
      {canAuthor ? (
        <QuestionForm
          topics={topics}
          place={form.place}
          fields={form.fields}
          locked
          hidden={{ changeId: form.changeId, revision: form.revision, baseVersion: form.baseVersion }}
          saved={saved}
        />
      ) : null}
      {canAuthor && !question.retired ? (
        <Form method="post" className="card space-y-2">
          <input type="hidden" name="intent" value="retire" />
          <input type="hidden" name="baseVersion" value={question.version} />
          <p className="text-sm text-slate-600">{t("authoring.editor.retireHint")}</p>
          <button type="submit" className="btn-secondary" disabled={navigation.state === "submitting"}>
            {t("authoring.editor.retire")}
          </button>
        </Form>
      ) : null}
      <section className="card overflow-x-auto" aria-labelledby="versions-heading">
        <h2 id="versions-heading" className="text-lg font-semibold">
          {t("authoring.editor.versions")}
        </h2>
        <DataTable
          rows={question.versions}
          rowKey={(v) => String(v.version)}
          columns={[
            { header: t("authoring.bank.version"), cell: (v) => `v${v.version}`, className: "tabular-nums" },
            { header: t("contentAdmin.loadedAt"), cell: (v) => formatDateTime(v.loadedAt, language) },
            { header: t("authoring.changes.action"), cell: (v) => t(`authoring.editor.origin_${v.origin}`) },
            {
              header: t("authoring.change.diff"),
              cell: (v) =>
                v.version > 1 ? (
                  <Link to={`?compare=${v.version}`} className="underline" preventScrollReset>
                    {t("authoring.editor.compare")}
                  </Link>
                ) : null,
            },
          ]}
        />
        {diff ? (
          <div className="mt-4">
            <DiffTable rows={diff.rows} before={`v${diff.version - 1}`} after={`v${diff.version}`} />
          </div>
        ) : null}
      </section>
    </div>
  );
}
