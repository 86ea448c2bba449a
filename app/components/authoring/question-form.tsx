import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormMessage } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { OPTION_LETTERS, QUESTION_TYPES, type QuestionFields, type QuestionFormValues } from "~/modules/content";

export interface TopicChoice {
  levelSlug: string;
  topic: string;
  titleZh: string;
  titleEn: string;
}

export interface SavedAnswer {
  result: SubmissionResult<string[]>;
  /** The refusal's message with its values, when it has some (a schema's detail). */
  failure?: { message: string; values?: Record<string, string | number> } | null;
  changeId?: string;
  duplicates?: { id: string; externalId: string; topic: string; stem: string | null; similarity: number }[];
}

/**
 * The question editor: the six types with key, explanation, difficulty and rubric, typed like the spreadsheet
 * template (answers as option letters). The type chooses which fields are shown; the server checks with the
 * same schemas as content/questions.
 */
export function QuestionForm({
  topics,
  place,
  fields: initial,
  locked,
  hidden,
  saved,
}: {
  topics: TopicChoice[];
  place: string;
  fields: QuestionFields;
  /** Editing a published question: its place and id are its identity. */
  locked: boolean;
  hidden: Record<string, string | number | undefined>;
  saved?: SavedAnswer;
}) {
  const { t } = useTranslation();
  const { en } = useLocale();
  const navigation = useNavigation();
  const [type, setType] = useState(initial.type || "single");
  const [form, fields] = useForm<QuestionFormValues>({
    id: "question-form",
    lastResult: saved?.result,
    defaultValue: {
      place,
      id: initial.id,
      type: initial.type || "single",
      difficulty: initial.difficulty || "2",
      points: initial.points,
      stem: initial.stem,
      answer: initial.answer,
      explanation: initial.explanation,
      rubric: initial.rubric,
      parts: initial.parts,
      ...Object.fromEntries(OPTION_LETTERS.map((l, i) => [`option${l}`, initial.options[i] ?? ""])),
    },
    shouldRevalidate: "onBlur",
  });
  const withOptions = type === "single" || type === "multiple";
  const isCase = type === "case";
  const failureText = saved?.failure ? t(saved.failure.message, saved.failure.values) : null;

  const label = (field: FieldMetadata<string>, text: string, hint?: string) => (
    <>
      <label htmlFor={field.id} className="block text-sm font-medium text-slate-800">
        {text}
      </label>
      {hint ? (
        <p id={`${field.id}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
    </>
  );
  const input = (field: FieldMetadata<string>, text: string, hint?: string) => {
    const props = getInputProps(field, { type: "text", ariaDescribedBy: hint ? `${field.id}-hint` : undefined });
    return (
      <div>
        {label(field, text, hint)}
        <input {...props} key={props.key} className="input mt-1" autoComplete="off" />
        <ErrorList id={field.errorId} errors={field.errors} />
      </div>
    );
  };
  const area = (field: FieldMetadata<string>, text: string, rows = 3, hint?: string) => {
    const props = getTextareaProps(field, { ariaDescribedBy: hint ? `${field.id}-hint` : undefined });
    return (
      <div>
        {label(field, text, hint)}
        <textarea {...props} key={props.key} rows={rows} className="input mt-1" />
        <ErrorList id={field.errorId} errors={field.errors} />
      </div>
    );
  };

  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-4">
      <input type="hidden" name="intent" value="save" />
      {Object.entries(hidden).map(([name, value]) =>
        value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />,
      )}
      {saved?.changeId && saved.result.status === "success" ? (
        <FormMessage tone="success">
          {t("authoring.editor.saved")}{" "}
          <Link to={`/manage/content/changes/${saved.changeId}`} className="underline">
            {t("authoring.editor.openChange")}
          </Link>
        </FormMessage>
      ) : null}
      {failureText && saved?.result.status !== "success" ? <FormMessage>{failureText}</FormMessage> : null}
      {saved?.duplicates?.length ? (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p className="font-medium">{t("authoring.editor.duplicatesHint")}</p>
          <ul className="mt-1 list-disc pl-5">
            {saved.duplicates.map((d) => (
              <li key={d.id}>
                <Link to={`/manage/content/questions/${d.id}`} className="underline">
                  {d.topic}/{d.externalId}
                </Link>{" "}
                {d.stem} · {t("authoring.editor.similarity", { percent: Math.round(d.similarity * 100) })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          {label(fields.place, t("authoring.editor.place"))}
          {locked ? <input type="hidden" name={fields.place.name} value={place} /> : null}
          <select {...getSelectProps(fields.place)} key={fields.place.key} disabled={locked} className="input mt-1">
            {topics.map((tp) => (
              <option key={`${tp.levelSlug}/${tp.topic}`} value={`${tp.levelSlug}/${tp.topic}`}>
                {tp.levelSlug} · {en ? tp.titleEn : tp.titleZh}
              </option>
            ))}
          </select>
          <ErrorList id={fields.place.errorId} errors={fields.place.errors} />
        </div>
        {locked ? (
          <div>
            <p className="block text-sm font-medium text-slate-800">{t("authoring.editor.id")}</p>
            <p className="mt-1 font-mono">{initial.id}</p>
            <input type="hidden" name={fields.id.name} value={initial.id} />
          </div>
        ) : (
          input(fields.id, t("authoring.editor.id"), t("authoring.editor.idHint"))
        )}
        <div>
          {label(fields.type, t("authoring.editor.type"))}
          <select
            {...getSelectProps(fields.type)}
            key={fields.type.key}
            className="input mt-1"
            onChange={(e) => setType(e.currentTarget.value)}
          >
            {QUESTION_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`authoring.types.${ty}`)}
              </option>
            ))}
          </select>
          <ErrorList id={fields.type.errorId} errors={fields.type.errors} />
        </div>
        {input(fields.difficulty, t("authoring.editor.difficulty"))}
        {isCase ? null : input(fields.points, t("authoring.editor.points"))}
      </div>
      {area(fields.stem, isCase ? t("authoring.editor.scenario") : t("authoring.editor.stem"), isCase ? 6 : 3)}
      {withOptions ? (
        <div className="grid gap-3 sm:grid-cols-2">
          {OPTION_LETTERS.map((l) => (
            <div key={l}>{input(fields[`option${l}`], t("authoring.editor.option", { letter: l }))}</div>
          ))}
        </div>
      ) : null}
      {withOptions || type === "true_false" || type === "fill_in"
        ? input(fields.answer, t("authoring.editor.answer"), t("authoring.editor.answerHint"))
        : null}
      {type === "essay" ? area(fields.rubric, t("authoring.editor.rubric"), 4) : null}
      {isCase ? area(fields.parts, t("authoring.editor.parts"), 14) : null}
      {area(fields.explanation, t("authoring.editor.explanation"), 3)}
      <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
        {t("authoring.editor.save")}
      </button>
    </Form>
  );
}
