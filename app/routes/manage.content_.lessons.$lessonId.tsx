import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LessonForm } from "~/components/authoring/course-lesson-forms";
import type { DraftAnswer } from "~/components/authoring/curriculum-fields";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { lessonFormSchema, retireSchema } from "~/modules/content";
import {
  curriculumLesson,
  lessonDraftFields,
  type LessonPayload,
  openDraftOf,
  saveDraft,
  saveLessonDraft,
} from "~/modules/content/index.server";
import { can, requirePermission } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { answerDraft, answerInvalid } from "~/utils/curriculum.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "curriculum.courses.lessons");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const lesson = await curriculumLesson(database, user, params.lessonId ?? "");
  // Continuing a draft (or revising a returned change) opens the draft's text instead of the current one.
  const draft = await openDraftOf<LessonPayload>(
    database,
    user,
    new URL(request.url).searchParams.get("change"),
    "lesson",
    lesson.id,
  );
  const fields = draft ? lessonDraftFields(draft.payload) : null;
  return {
    lesson: fields && draft ? { ...lesson, ...fields, version: draft.baseVersion ?? lesson.version } : lesson,
    draft: fields && draft ? { changeId: draft.changeId, revision: draft.revision } : null,
    canAuthor: can(user, "author:content"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  const database = await db();
  const lesson = await curriculumLesson(database, user, params.lessonId ?? "");
  const form = await request.formData();
  if (form.get("intent") === "retire") {
    const submission = parseWithZod(form, { schema: retireSchema });
    if (submission.status !== "success") return answerInvalid(submission);
    const outcome = await saveDraft(database, user, {
      kind: "lesson",
      action: "retire",
      targetId: lesson.id,
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
  const submission = parseWithZod(form, { schema: lessonFormSchema });
  if (submission.status !== "success") return answerInvalid(submission);
  // The lesson stays in its course under its id, whatever the form says.
  return answerDraft(
    submission,
    await saveLessonDraft(database, user, lesson.id, {
      ...submission.value,
      courseId: lesson.courseId,
      slug: lesson.slug,
    }),
  );
}

export default function EditLessonPage() {
  const { t } = useTranslation();
  const { en } = useLocale();
  const { lesson, draft, canAuthor } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as DraftAnswer | undefined;
  const navigation = useNavigation();
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={t("curriculum.lessons.editTitle", { title: en ? lesson.titleEn : lesson.titleZh })}>
        <Link to={`/manage/content/courses/${lesson.courseId}`} className="btn-secondary">
          {t("curriculum.lessons.backToCourse")}
        </Link>
      </PageHeader>
      {lesson.retired ? <FormMessage>{t("curriculum.courses.retired")}</FormMessage> : null}
      {canAuthor ? <LessonForm isNew={false} answer={answer} lesson={lesson} draft={draft} /> : null}
      {canAuthor && !lesson.retired ? (
        <Form method="post" className="card space-y-2">
          <input type="hidden" name="baseVersion" value={lesson.version} />
          <p className="text-sm text-slate-600">{t("curriculum.lessons.retireHint")}</p>
          <button
            type="submit"
            name="intent"
            value="retire"
            className="btn-secondary"
            disabled={navigation.state === "submitting"}
          >
            {t("curriculum.lessons.retire")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
