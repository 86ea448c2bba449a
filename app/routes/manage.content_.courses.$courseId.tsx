import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CourseForm } from "~/components/authoring/course-lesson-forms";
import { type DraftAnswer, Section } from "~/components/authoring/curriculum-fields";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { courseFormSchema } from "~/modules/content";
import {
  courseDraftFields,
  type CoursePayload,
  curriculumCourse,
  saveCourseDraft,
} from "~/modules/content/index.server";
import { type ItemEditor, itemEditorAction, loadItemEditor } from "~/utils/curriculum.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "curriculum.courses.title");

type Course = Awaited<ReturnType<typeof curriculumCourse>>;
const courseEditor: ItemEditor<
  Course,
  CoursePayload,
  NonNullable<ReturnType<typeof courseDraftFields<Course["lessons"][number]>>>,
  typeof courseFormSchema
> = {
  kind: "course",
  find: curriculumCourse,
  draftFields: (payload, course) => courseDraftFields(payload, course.lessons),
  schema: courseFormSchema,
  save: (database, user, course, values) => saveCourseDraft(database, user, course.id, values),
};

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  loadItemEditor(request, params.courseId, courseEditor);

export const action = ({ request, params }: ActionFunctionArgs) =>
  itemEditorAction(request, params.courseId, courseEditor);

export default function EditCoursePage() {
  const { t } = useTranslation();
  const { en } = useLocale();
  const { item: course, draft, canAuthor } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as DraftAnswer | undefined;
  const navigation = useNavigation();
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={t("curriculum.courses.editTitle", { title: en ? course.titleEn : course.titleZh })}>
        <Link to="/manage/content/courses" className="btn-secondary">
          {t("curriculum.courses.title")}
        </Link>
      </PageHeader>
      {course.retired ? <FormMessage>{t("curriculum.courses.retired")}</FormMessage> : null}
      <Section title={t("curriculum.courses.lessons")}>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {course.lessons.map((l) => (
            <li key={l.id}>
              <Link to={`/manage/content/lessons/${l.id}`} className="underline">
                {l.position}. {en ? l.titleEn : l.titleZh}
              </Link>{" "}
              (v{l.version}
              {l.retired ? ` · ${t("curriculum.courses.retired")}` : ""})
            </li>
          ))}
        </ul>
        {canAuthor && !course.retired ? (
          <Link to={`/manage/content/lessons/new?course=${course.id}`} className="btn-secondary inline-block">
            {t("curriculum.courses.newLesson")}
          </Link>
        ) : null}
      </Section>
      {canAuthor ? <CourseForm isNew={false} levels={[]} answer={answer} course={course} draft={draft} /> : null}
      {canAuthor && !course.retired ? (
        <Form method="post" className="card space-y-2">
          <input type="hidden" name="baseVersion" value={course.version} />
          <p className="text-sm text-slate-600">{t("curriculum.courses.retireHint")}</p>
          <button
            type="submit"
            name="intent"
            value="retire"
            className="btn-secondary"
            disabled={navigation.state === "submitting"}
          >
            {t("curriculum.courses.retire")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
