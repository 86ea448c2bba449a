import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DiffTable } from "~/components/authoring/diff-table";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { changeActionSchema, sideBySide } from "~/modules/content";
import {
  duplicatesOfChange,
  getChange,
  publishChange,
  reviewChange,
  submitChange,
  withdrawChange,
} from "~/modules/content/index.server";
import { can } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { forbidden } from "~/utils/errors.server";
import { db } from "~/utils/db.server";
import { replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "authoring.changes.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const view = await getChange(database, user, params.changeId ?? "");
  const { payload, ...change } = view.change;
  return {
    editLink: editLinkOf(change, payload),
    change,
    may: view.may,
    check: view.check,
    rows: sideBySide(view.before, view.after),
    duplicates: change.status === "published" ? [] : await duplicatesOfChange(database, view.change),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // Who may act at all is settled before the form is read; each step checks its own permission again.
  if (!can(user, "author:content") && !can(user, "publish:content")) throw forbidden();
  const submission = parseWithZod(await request.formData(), { schema: changeActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), done: null }, { status: 400 });
  const database = await db();
  const id = params.changeId ?? "";
  const v = submission.value;
  const outcome =
    v.intent === "submit"
      ? await submitChange(database, user, id)
      : v.intent === "withdraw"
        ? await withdrawChange(database, user, id)
        : v.intent === "approve"
          ? await reviewChange(database, user, id, { approve: true, comment: v.comment })
          : v.intent === "return"
            ? await reviewChange(database, user, id, { approve: false, comment: v.comment })
            : await publishChange(database, user, id);
  if (!outcome.ok) return data({ result: replyWithFailure(submission, outcome), done: null }, { status: 400 });
  return { result: submission.reply({ resetForm: true }), done: v.intent };
}

/** Where the author continues a draft (or revises a returned change) in its editor. */
function editLinkOf(change: { id: string; kind: string; action: string; targetId: string | null }, payload: unknown) {
  if (change.action === "retire") return null;
  const open = (path: string) => `${path}${path.includes("?") ? "&" : "?"}change=${change.id}`;
  if (change.targetId) return open(targetLink(change.kind, change.targetId));
  if (change.kind === "question") return open("/manage/content/questions/new");
  if (change.kind === "course") return open("/manage/content/courses/new");
  const courseId = (payload as { courseId?: unknown } | null)?.courseId;
  if (change.kind === "lesson" && typeof courseId === "string")
    return open(`/manage/content/lessons/new?course=${courseId}`);
  return null;
}

/** Where a published change's target is edited. */
const targetLink = (kind: string, id: string) =>
  kind === "level"
    ? `/manage/content/levels/${id}`
    : kind === "course"
      ? `/manage/content/courses/${id}`
      : kind === "lesson"
        ? `/manage/content/lessons/${id}`
        : `/manage/content/questions/${id}`;

const DONE = {
  submit: "submitted",
  withdraw: "withdrawn",
  approve: "approved",
  return: "returned",
  publish: "published",
} as const;

export default function ChangePage() {
  const { t } = useTranslation();
  const { change, may, check, rows, duplicates, editLink } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { language } = useLocale();
  const busy = navigation.state === "submitting";
  const error = answer?.result.error ? Object.values(answer.result.error).flat()[0] : null;
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader title={t("authoring.change.title", { label: change.targetLabel })}>
        <Link to="/manage/content/changes" className="btn-secondary">
          {t("authoring.changes.title")}
        </Link>
      </PageHeader>
      {answer?.done ? <FormMessage tone="success">{t(`authoring.change.${DONE[answer.done]}`)}</FormMessage> : null}
      {params.get("saved") && !answer ? <FormMessage tone="success">{t("authoring.editor.saved")}</FormMessage> : null}
      {error ? <FormMessage>{t(error)}</FormMessage> : null}
      <dl className="card grid gap-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-medium">{t("authoring.changes.status")}</dt>
          <dd data-testid="change-status">{t(`authoring.statuses.${change.status}`)}</dd>
        </div>
        <div>
          <dt className="font-medium">{t("authoring.changes.action")}</dt>
          <dd>{t(`authoring.actions.${change.action}`)}</dd>
        </div>
        <div>
          <dt className="font-medium">{t("authoring.changes.author")}</dt>
          <dd>{change.authorName}</dd>
        </div>
        <div>
          <dt className="font-medium">{t("authoring.changes.updated")}</dt>
          <dd>{formatDateTime(change.updatedAt, language)}</dd>
        </div>
        {change.reviewerName ? (
          <div>
            <dt className="font-medium">{t("authoring.change.reviewer")}</dt>
            <dd>{change.reviewerName}</dd>
          </div>
        ) : null}
        {change.reviewComment ? (
          <div>
            <dt className="font-medium">{t("authoring.change.comment")}</dt>
            <dd className="whitespace-pre-wrap">{change.reviewComment}</dd>
          </div>
        ) : null}
        {change.resultVersion && change.status === "published" ? (
          <div>
            <dt className="font-medium">{t("authoring.bank.version")}</dt>
            <dd>
              {change.targetId ? (
                <Link to={targetLink(change.kind, change.targetId)} className="underline">
                  {t("authoring.change.publishedVersion", { version: change.resultVersion })}
                </Link>
              ) : null}
            </dd>
          </div>
        ) : null}
      </dl>
      {check.refusal ? (
        <FormMessage>
          {t("curriculum.check.refused")} {t(check.refusal.message, check.refusal.values)}
        </FormMessage>
      ) : null}
      {check.warnings.length ? (
        <section
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
          aria-label={t("curriculum.check.warnings")}
        >
          <p className="font-semibold">{t("curriculum.check.warnings")}</p>
          <ul className="mt-1 list-disc pl-5">
            {check.warnings.map((w) => (
              <li key={`${w.message}/${JSON.stringify(w.values)}`}>{t(w.message, w.values)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {duplicates.length ? (
        <section
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
          aria-labelledby="dup-heading"
        >
          <h2 id="dup-heading" className="font-semibold">
            {t("authoring.editor.duplicates")}
          </h2>
          <p>{t("authoring.editor.duplicatesHint")}</p>
          <ul className="mt-1 list-disc pl-5">
            {duplicates.map((d) => (
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
      <div className="flex flex-wrap gap-3">
        {may.edit && editLink ? (
          <Link to={editLink} className="btn-secondary">
            {t("authoring.change.edit")}
          </Link>
        ) : null}
        {may.submit ? (
          <Form method="post">
            <button type="submit" name="intent" value="submit" className="btn" disabled={busy}>
              {t("authoring.change.submit")}
            </button>
          </Form>
        ) : null}
        {may.publish ? (
          <Form method="post">
            <button type="submit" name="intent" value="publish" className="btn" disabled={busy}>
              {t("authoring.change.publish")}
            </button>
          </Form>
        ) : null}
        {may.withdraw ? (
          <Form method="post">
            <button type="submit" name="intent" value="withdraw" className="btn-secondary" disabled={busy}>
              {t("authoring.change.withdraw")}
            </button>
          </Form>
        ) : null}
      </div>
      {may.review ? (
        <Form method="post" className="card max-w-2xl space-y-3">
          <label htmlFor="review-comment" className="block text-sm font-medium">
            {t("authoring.change.comment")}
          </label>
          <textarea
            id="review-comment"
            name="comment"
            rows={3}
            className="input"
            aria-describedby="review-comment-hint"
          />
          <p id="review-comment-hint" className="text-sm text-slate-600">
            {t("authoring.change.commentHint")}
          </p>
          <div className="flex gap-3">
            <button type="submit" name="intent" value="approve" className="btn" disabled={busy}>
              {t("authoring.change.approve")}
            </button>
            <button type="submit" name="intent" value="return" className="btn-secondary" disabled={busy}>
              {t("authoring.change.return")}
            </button>
          </div>
        </Form>
      ) : null}
      <section className="card overflow-x-auto" aria-labelledby="diff-heading">
        <h2 id="diff-heading" className="mb-2 text-lg font-semibold">
          {t("authoring.change.diff")}
        </h2>
        <DiffTable
          rows={rows}
          before={change.baseVersion ? `v${change.baseVersion}` : t("authoring.change.noBefore")}
          after={
            change.action === "retire"
              ? t("authoring.change.retired")
              : change.resultVersion
                ? `v${change.resultVersion}`
                : t(`authoring.statuses.${change.status}`)
          }
        />
      </section>
    </div>
  );
}
