import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LessonForm } from "~/components/authoring/course-lesson-forms";
import type { DraftAnswer } from "~/components/authoring/curriculum-fields";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { lessonFormSchema } from "~/modules/content";
import {
  curriculumLesson,
  lessonDraftFields,
  type LessonPayload,
  saveLessonDraft,
} from "~/modules/content/index.server";
import { type ItemEditor, itemEditorAction, loadItemEditor } from "~/utils/curriculum.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "curriculum.courses.lessons");

type Lesson = Awaited<ReturnType<typeof curriculumLesson>>;
const lessonEditor: ItemEditor<
  Lesson,
  LessonPayload,
  NonNullable<ReturnType<typeof lessonDraftFields>>,
  typeof lessonFormSchema
> = {
  kind: "lesson",
  find: curriculumLesson,
  draftFields: (payload) => lessonDraftFields(payload),
  schema: lessonFormSchema,
  // The lesson stays in its course under its id, whatever the form says.
  save: (database, user, lesson, values) =>
    saveLessonDraft(database, user, lesson.id, { ...values, courseId: lesson.courseId, slug: lesson.slug }),
};

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  loadItemEditor(request, params.lessonId, lessonEditor);

export const action = ({ request, params }: ActionFunctionArgs) =>
  itemEditorAction(request, params.lessonId, lessonEditor);

export default function EditLessonPage() {
  const { t } = useTranslation();
  const { en } = useLocale();
  const { item: lesson, draft, canAuthor } = useLoaderData<typeof loader>();
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
