import { getFormProps, useForm } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DraftFailure, type DraftAnswer, Section, TextField } from "~/components/authoring/curriculum-fields";
import { MarkdownEditor } from "~/components/markdown-editor";
import { useLocale } from "~/hooks/use-locale";
import { SYLLABUS_MODULES } from "~/modules/content";
import { errorsOf } from "./curriculum-fields";

/** The open draft a form continues (its id and the revision the author opened). */
export type OpenDraft = { changeId: string; revision: number } | null;

function DraftFields({ draft }: { draft: OpenDraft | undefined }) {
  if (!draft) return null;
  return (
    <>
      <input type="hidden" name="changeId" value={draft.changeId} />
      <input type="hidden" name="revision" value={draft.revision} />
    </>
  );
}

export interface CourseFormData {
  slug: string;
  levelSlug: string;
  module: string;
  titleZh: string;
  titleEn: string;
  summaryZh: string;
  summaryEn: string;
  objectives: string[];
  sequential: boolean;
  intro: string;
  version?: number;
  lessons: { slug: string; titleZh: string; titleEn: string; position: number; retired: boolean }[];
}

/** A course's course.md and the order of its lessons; a new course chooses its level and id. */
export function CourseForm({
  course,
  levels,
  answer,
  isNew,
  draft,
}: {
  course: CourseFormData;
  levels: { slug: string; nameZh: string; nameEn: string }[];
  answer: DraftAnswer | undefined;
  isNew: boolean;
  draft?: OpenDraft;
}) {
  const { t } = useTranslation();
  const { en } = useLocale();
  const navigation = useNavigation();
  const [form] = useForm({ id: "course-form", lastResult: answer?.result });
  const live = course.lessons.filter((l) => !l.retired);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-6">
      <DraftFailure answer={answer} />
      <input type="hidden" name="intent" value="save" />
      {course.version ? <input type="hidden" name="baseVersion" value={course.version} /> : null}
      <DraftFields draft={draft} />
      <Section title={t("curriculum.courses.course")}>
        {isNew ? (
          <div>
            <label htmlFor="levelSlug" className="block text-sm font-medium text-slate-800">
              {t("curriculum.courses.level")}
            </label>
            <select id="levelSlug" name="levelSlug" defaultValue={course.levelSlug} className="input mt-1">
              {levels.map((l) => (
                <option key={l.slug} value={l.slug}>
                  {en ? l.nameEn : l.nameZh}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <input type="hidden" name="levelSlug" value={course.levelSlug} />
        )}
        <TextField
          id="slug"
          name="slug"
          label={t("curriculum.courses.slug")}
          hint={t("curriculum.courses.slugHint")}
          defaultValue={course.slug}
          readOnly={!isNew}
          answer={answer}
        />
        <div>
          <label htmlFor="module" className="block text-sm font-medium text-slate-800">
            {t("curriculum.courses.module")}
          </label>
          <select id="module" name="module" defaultValue={course.module} className="input mt-1">
            {SYLLABUS_MODULES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="titleZh"
            name="titleZh"
            label={t("curriculum.courses.titleZh")}
            defaultValue={course.titleZh}
            answer={answer}
          />
          <TextField
            id="titleEn"
            name="titleEn"
            label={t("curriculum.courses.titleEn")}
            defaultValue={course.titleEn}
            answer={answer}
          />
          <TextField
            id="summaryZh"
            name="summaryZh"
            label={t("curriculum.courses.summaryZh")}
            defaultValue={course.summaryZh}
            rows={3}
            answer={answer}
          />
          <TextField
            id="summaryEn"
            name="summaryEn"
            label={t("curriculum.courses.summaryEn")}
            defaultValue={course.summaryEn}
            rows={3}
            answer={answer}
          />
        </div>
        <TextField
          id="objectives"
          name="objectives"
          label={t("curriculum.courses.objectives")}
          defaultValue={course.objectives.join("\n")}
          rows={4}
          answer={answer}
        />
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="checkbox" name="sequential" value="on" defaultChecked={course.sequential} />
          {t("curriculum.courses.sequential")}
        </label>
        <MarkdownEditor
          id="intro"
          name="intro"
          label={t("curriculum.courses.intro")}
          defaultValue={course.intro}
          errors={errorsOf(answer, "intro")}
        />
      </Section>
      {live.length ? (
        <Section title={t("curriculum.courses.lessonOrder")}>
          <p className="text-sm text-slate-600">{t("curriculum.courses.lessonOrderHint")}</p>
          <ul className="space-y-2">
            {live.map((l, i) => (
              <li key={l.slug} className="flex items-center gap-3">
                <input type="hidden" name={`lessonSlugs[${i}]`} value={l.slug} />
                <label htmlFor={`lessonPositions-${i}`} className="sr-only">
                  {t("curriculum.courses.position")} · {en ? l.titleEn : l.titleZh}
                </label>
                <input
                  id={`lessonPositions-${i}`}
                  name={`lessonPositions[${i}]`}
                  defaultValue={i + 1}
                  className="input w-20"
                  inputMode="numeric"
                />
                <span className="text-sm">
                  {en ? l.titleEn : l.titleZh} <span className="text-slate-600">({l.slug})</span>
                </span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
        {t("curriculum.courses.save")}
      </button>
    </Form>
  );
}

export interface LessonFormData {
  courseId: string;
  slug: string;
  titleZh: string;
  titleEn: string;
  minutes: number | string;
  markdown: string;
  selfCheck: { question: string; options: string[]; answer: number; explanation: string }[];
  version?: number;
}

/** A lesson: title, estimated minutes, the Markdown with the live preview, and its self-check questions. */
export function LessonForm({
  lesson,
  answer,
  isNew,
  draft,
}: {
  lesson: LessonFormData;
  answer: DraftAnswer | undefined;
  isNew: boolean;
  draft?: OpenDraft;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form] = useForm({ id: "lesson-form", lastResult: answer?.result });
  // The lesson's questions and one empty slot to add another (at most ten).
  const slots = [...lesson.selfCheck, null].slice(0, 10);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-6">
      <DraftFailure answer={answer} />
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="courseId" value={lesson.courseId} />
      {lesson.version ? <input type="hidden" name="baseVersion" value={lesson.version} /> : null}
      <DraftFields draft={draft} />
      <Section title={t("curriculum.courses.lessons")}>
        <TextField
          id="slug"
          name="slug"
          label={t("curriculum.lessons.slug")}
          hint={t("curriculum.lessons.slugHint")}
          defaultValue={lesson.slug}
          readOnly={!isNew}
          answer={answer}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="titleZh"
            name="titleZh"
            label={t("curriculum.lessons.titleZh")}
            defaultValue={lesson.titleZh}
            answer={answer}
          />
          <TextField
            id="titleEn"
            name="titleEn"
            label={t("curriculum.lessons.titleEn")}
            defaultValue={lesson.titleEn}
            answer={answer}
          />
        </div>
        <TextField
          id="minutes"
          name="minutes"
          label={t("curriculum.lessons.minutes")}
          defaultValue={lesson.minutes}
          answer={answer}
        />
        <MarkdownEditor
          id="markdown"
          name="markdown"
          label={t("curriculum.lessons.markdown")}
          defaultValue={lesson.markdown}
          errors={errorsOf(answer, "markdown")}
        />
      </Section>
      <Section title={t("curriculum.lessons.selfCheck")}>
        <p className="text-sm text-slate-600">{t("curriculum.lessons.selfCheckHint")}</p>
        {slots.map((q, i) => (
          <fieldset key={i} className="space-y-3 rounded-md border border-slate-200 p-3">
            <legend className="px-1 font-medium">{t("curriculum.lessons.question", { n: i + 1 })}</legend>
            <TextField
              id={`selfCheck-${i}-question`}
              name={`selfCheck[${i}].question`}
              label={t("curriculum.lessons.questionText")}
              defaultValue={q?.question}
              answer={answer}
            />
            <TextField
              id={`selfCheck-${i}-options`}
              name={`selfCheck[${i}].options`}
              label={t("curriculum.lessons.options")}
              defaultValue={q?.options.join("\n")}
              rows={3}
              answer={answer}
            />
            <TextField
              id={`selfCheck-${i}-answer`}
              name={`selfCheck[${i}].answer`}
              label={t("curriculum.lessons.answer")}
              defaultValue={q ? q.answer + 1 : ""}
              answer={answer}
            />
            <TextField
              id={`selfCheck-${i}-explanation`}
              name={`selfCheck[${i}].explanation`}
              label={t("curriculum.lessons.explanation")}
              defaultValue={q?.explanation}
              rows={2}
              answer={answer}
            />
          </fieldset>
        ))}
      </Section>
      <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
        {t("curriculum.lessons.save")}
      </button>
    </Form>
  );
}
