import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CourseForm } from "~/components/authoring/course-lesson-forms";
import type { DraftAnswer } from "~/components/authoring/curriculum-fields";
import { PageHeader } from "~/components/forms";
import { courseFormSchema } from "~/modules/content";
import {
  courseDraftFields,
  type CoursePayload,
  levelsForEditor,
  openDraftOf,
  saveCourseDraft,
} from "~/modules/content/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { answerDraft, answerInvalid } from "~/utils/curriculum.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "curriculum.courses.newTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  const database = await db();
  const levels = await levelsForEditor(database, user);
  // Continuing the draft of a new course.
  const draft = await openDraftOf<CoursePayload>(
    database,
    user,
    new URL(request.url).searchParams.get("change"),
    "course",
    null,
  );
  const fields = draft ? courseDraftFields(draft.payload, []) : null;
  return {
    levels: levels.map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn })),
    fields,
    draft: fields && draft ? { changeId: draft.changeId, revision: draft.revision } : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  const submission = parseWithZod(await request.formData(), { schema: courseFormSchema });
  if (submission.status !== "success") return answerInvalid(submission);
  return answerDraft(submission, await saveCourseDraft(await db(), user, null, submission.value));
}

export default function NewCoursePage() {
  const { t } = useTranslation();
  const { levels, fields, draft } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as DraftAnswer | undefined;
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={t("curriculum.courses.newTitle")}>
        <Link to="/manage/content/courses" className="btn-secondary">
          {t("curriculum.courses.title")}
        </Link>
      </PageHeader>
      <CourseForm
        isNew
        levels={levels}
        answer={answer}
        draft={draft}
        course={
          fields ?? {
            slug: "",
            levelSlug: levels[0]?.slug ?? "",
            module: "公共知识",
            titleZh: "",
            titleEn: "",
            summaryZh: "",
            summaryEn: "",
            objectives: [],
            sequential: false,
            intro: "",
            lessons: [],
          }
        }
      />
    </div>
  );
}
