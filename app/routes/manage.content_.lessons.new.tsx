import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LessonForm } from "~/components/authoring/course-lesson-forms";
import type { DraftAnswer } from "~/components/authoring/curriculum-fields";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { lessonFormSchema } from "~/modules/content";
import {
  curriculumCourse,
  lessonDraftFields,
  type LessonPayload,
  openDraftOf,
  saveLessonDraft,
} from "~/modules/content/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { answerDraft, answerInvalid } from "~/utils/curriculum.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "curriculum.courses.newLesson");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  const database = await db();
  const url = new URL(request.url);
  const course = await curriculumCourse(database, user, url.searchParams.get("course") ?? "");
  // Continuing the draft of a new lesson of this course.
  const draft = await openDraftOf<LessonPayload>(database, user, url.searchParams.get("change"), "lesson", null);
  const fields = draft ? lessonDraftFields(draft.payload) : null;
  return {
    course: { id: course.id, titleZh: course.titleZh, titleEn: course.titleEn },
    fields: fields?.courseId === course.id ? fields : null,
    draft: fields?.courseId === course.id && draft ? { changeId: draft.changeId, revision: draft.revision } : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  const submission = parseWithZod(await request.formData(), { schema: lessonFormSchema });
  if (submission.status !== "success") return answerInvalid(submission);
  return answerDraft(submission, await saveLessonDraft(await db(), user, null, submission.value));
}

export default function NewLessonPage() {
  const { t } = useTranslation();
  const { en } = useLocale();
  const { course, fields, draft } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as DraftAnswer | undefined;
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={t("curriculum.lessons.newTitle", { course: en ? course.titleEn : course.titleZh })}>
        <Link to={`/manage/content/courses/${course.id}`} className="btn-secondary">
          {t("curriculum.lessons.backToCourse")}
        </Link>
      </PageHeader>
      <LessonForm
        isNew
        answer={answer}
        draft={draft}
        lesson={
          fields ?? {
            courseId: course.id,
            slug: "",
            titleZh: "",
            titleEn: "",
            minutes: 30,
            markdown: "",
            selfCheck: [],
          }
        }
      />
    </div>
  );
}
