import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  CheckboxGroup,
  DraftFailure,
  type DraftAnswer,
  Section,
  TextField,
} from "~/components/authoring/curriculum-fields";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { levelFormSchema, QUESTION_TYPES } from "~/modules/content";
import { type LevelPayload, levelForEditor, openDraftOf, saveLevelDraft } from "~/modules/content/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { answerDraft, answerInvalid } from "~/utils/curriculum.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "curriculum.levels.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  const database = await db();
  const editor = await levelForEditor(database, user, params.levelSlug ?? "");
  // Continuing a draft (or revising a returned change) opens the draft's rules instead of the current ones.
  const draft = await openDraftOf<LevelPayload>(
    database,
    user,
    new URL(request.url).searchParams.get("change"),
    "level",
    editor.slug,
  );
  return draft
    ? {
        ...editor,
        level: draft.payload.level,
        version: draft.baseVersion ?? editor.version,
        draft: { changeId: draft.changeId, revision: draft.revision },
      }
    : { ...editor, draft: null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  const submission = parseWithZod(await request.formData(), { schema: levelFormSchema });
  if (submission.status !== "success") return answerInvalid(submission);
  return answerDraft(submission, await saveLevelDraft(await db(), user, params.levelSlug ?? "", submission.value));
}

export default function LevelEditorPage() {
  const { t } = useTranslation();
  const { en } = useLocale();
  const editor = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as DraftAnswer | undefined;
  const navigation = useNavigation();
  const [form] = useForm({ id: "level-form", lastResult: answer?.result });
  const { level } = editor;
  const exam = level.exam;
  const sections = exam ? [...exam.sections, null] : [];
  const title = (x: { titleZh: string; titleEn: string }) => (en ? x.titleEn : x.titleZh);
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={t("curriculum.levels.editTitle", { name: en ? editor.nameEn : editor.nameZh })}>
        <Link to="/manage/content/levels" className="btn-secondary">
          {t("curriculum.levels.title")}
        </Link>
      </PageHeader>
      <p className="text-sm text-slate-600">{t("curriculum.levels.hint")}</p>
      <DraftFailure answer={answer} />
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="baseVersion" value={editor.version} />
        {editor.draft ? (
          <>
            <input type="hidden" name="changeId" value={editor.draft.changeId} />
            <input type="hidden" name="revision" value={editor.draft.revision} />
          </>
        ) : null}
        <Section title={t("curriculum.levels.rules")}>
          <TextField
            id="requiredCourses"
            name="requiredCourses"
            label={t("curriculum.levels.requiredCourses")}
            hint={t("curriculum.levels.requiredCoursesHint", {
              list: editor.courses
                .filter((c) => c.levelSlug === editor.slug)
                .map((c) => `${c.slug}（${title(c)}）`)
                .join("、"),
            })}
            rows={5}
            defaultValue={level.requiredCourses.join("\n")}
            answer={answer}
          />
          <TextField
            id="minStudyHours"
            name="minStudyHours"
            label={t("curriculum.levels.minStudyHours")}
            defaultValue={level.minStudyHours}
            answer={answer}
          />
          <CheckboxGroup
            legend={t("curriculum.levels.prerequisites")}
            name="prerequisites"
            choices={editor.levels.map((l) => ({ value: l.slug, label: en ? l.nameEn : l.nameZh }))}
            checked={level.prerequisites.map((p) => p.level)}
          />
        </Section>
        <Section title={t("curriculum.levels.certificate")}>
          <TextField
            id="validityYears"
            name="validityYears"
            label={t("curriculum.levels.validityYears")}
            defaultValue={level.certificate.validityYears}
            answer={answer}
          />
          <TextField
            id="renewalHours"
            name="renewalHours"
            label={t("curriculum.levels.renewalHours")}
            defaultValue={level.certificate.renewalHours}
            answer={answer}
          />
          <CheckboxGroup
            legend={t("curriculum.levels.continuingEducation")}
            name="continuingEducationCourses"
            choices={editor.courses.map((c) => ({ value: c.slug, label: title(c) }))}
            checked={level.certificate.continuingEducationCourses}
          />
        </Section>
        {exam ? (
          <Section title={t("curriculum.levels.examTitle")}>
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                id="durationMinutes"
                name="durationMinutes"
                label={t("curriculum.levels.duration")}
                defaultValue={exam.durationMinutes}
                answer={answer}
              />
              <TextField
                id="passPercent"
                name="passPercent"
                label={t("curriculum.levels.passPercent")}
                defaultValue={exam.passPercent}
                answer={answer}
              />
              <TextField
                id="attemptLimit"
                name="attemptLimit"
                label={t("curriculum.levels.attemptLimit")}
                defaultValue={exam.attemptLimit}
                answer={answer}
              />
              <TextField
                id="waitHoursBetweenAttempts"
                name="waitHoursBetweenAttempts"
                label={t("curriculum.levels.waitHours")}
                defaultValue={exam.waitHoursBetweenAttempts}
                answer={answer}
              />
              <div>
                <label htmlFor="review" className="block text-sm font-medium text-slate-800">
                  {t("curriculum.levels.review")}
                </label>
                <select id="review" name="review" defaultValue={exam.review} className="input mt-1">
                  <option value="score">{t("curriculum.levels.reviewScore")}</option>
                  <option value="answers_after_close">{t("curriculum.levels.reviewAnswers")}</option>
                </select>
              </div>
            </div>
            {sections.map((section, i) => (
              <fieldset key={i} className="space-y-3 rounded-md border border-slate-200 p-3">
                <legend className="px-1 font-medium">
                  {section ? t("curriculum.levels.section", { n: i + 1 }) : t("curriculum.levels.newSection")}
                </legend>
                <div className="grid gap-3 sm:grid-cols-3">
                  <TextField
                    id={`sections-${i}-nameZh`}
                    name={`sections[${i}].nameZh`}
                    label={t("curriculum.levels.sectionNameZh")}
                    defaultValue={section?.name.zh}
                    answer={answer}
                  />
                  <TextField
                    id={`sections-${i}-nameEn`}
                    name={`sections[${i}].nameEn`}
                    label={t("curriculum.levels.sectionNameEn")}
                    defaultValue={section?.name.en}
                    answer={answer}
                  />
                  <TextField
                    id={`sections-${i}-draw`}
                    name={`sections[${i}].draw`}
                    label={t("curriculum.levels.draw")}
                    defaultValue={section?.draw}
                    answer={answer}
                  />
                </div>
                <CheckboxGroup
                  legend={t("curriculum.levels.types")}
                  name={`sections[${i}].types`}
                  choices={QUESTION_TYPES.map((type) => ({ value: type, label: t(`authoring.types.${type}`) }))}
                  checked={section?.types ?? []}
                />
                {editor.topics.length ? (
                  <CheckboxGroup
                    legend={t("curriculum.levels.topics")}
                    name={`sections[${i}].topics`}
                    choices={editor.topics.map((tp) => ({ value: tp.topic, label: title(tp) }))}
                    checked={section?.topics ?? []}
                  />
                ) : null}
                {section ? (
                  <label className="inline-flex items-center gap-1 text-sm">
                    <input type="checkbox" name={`sections[${i}].remove`} value="on" />
                    {t("curriculum.levels.remove")}
                  </label>
                ) : null}
              </fieldset>
            ))}
          </Section>
        ) : null}
        <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
          {t("curriculum.levels.save")}
        </button>
      </Form>
    </div>
  );
}
