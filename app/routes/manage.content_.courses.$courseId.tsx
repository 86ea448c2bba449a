import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CourseForm } from "~/components/authoring/course-lesson-forms";
import { type DraftAnswer, Section } from "~/components/authoring/curriculum-fields";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { courseFormSchema, retireSchema } from "~/modules/content";
import {
  courseDraftFields,
  type CoursePayload,
  curriculumCourse,
  openDraftOf,
  saveCourseDraft,
  saveDraft,
} from "~/modules/content/index.server";
import { can, requirePermission } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { answerDraft, answerInvalid } from "~/utils/curriculum.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "curriculum.courses.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const course = await curriculumCourse(database, user, params.courseId ?? "");
  // Continuing a draft (or revising a returned change) opens the draft's text instead of the current one.
  const draft = await openDraftOf<CoursePayload>(
    database,
    user,
    new URL(request.url).searchParams.get("change"),
    "course",
    course.id,
  );
  const fields = draft ? courseDraftFields(draft.payload, course.lessons) : null;
  return {
    course: fields && draft ? { ...course, ...fields, version: draft.baseVersion ?? course.version } : course,
    draft: fields && draft ? { changeId: draft.changeId, revision: draft.revision } : null,
    canAuthor: can(user, "author:content"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  const database = await db();
  const course = await curriculumCourse(database, user, params.courseId ?? "");
  const form = await request.formData();
  if (form.get("intent") === "retire") {
    const submission = parseWithZod(form, { schema: retireSchema });
    if (submission.status !== "success") return answerInvalid(submission);
    const outcome = await saveDraft(database, user, {
      kind: "course",
      action: "retire",
      targetId: course.id,
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
  const submission = parseWithZod(form, { schema: courseFormSchema });
  if (submission.status !== "success") return answerInvalid(submission);
  return answerDraft(submission, await saveCourseDraft(database, user, course.id, submission.value));
}

export default function EditCoursePage() {
  const { t } = useTranslation();
  const { en } = useLocale();
  const { course, draft, canAuthor } = useLoaderData<typeof loader>();
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
