import type { SubmissionResult } from "@conform-to/react";
import { type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormMessage } from "~/components/forms";

/** What the level, course and lesson editors' actions answer when a draft is refused. */
export interface DraftAnswer {
  result: SubmissionResult<string[]>;
  failure: { message: string; values?: Record<string, string | number> } | null;
}

/** The errors of one field (by its form name, e.g. "sections[0].draw") from the last answer. */
export const errorsOf = (answer: DraftAnswer | undefined, name: string) => answer?.result.error?.[name] ?? undefined;

/** The refusal at the top of a form, with its values (the section and the numbers of an infeasible exam). */
export function DraftFailure({ answer }: { answer: DraftAnswer | undefined }) {
  const { t } = useTranslation();
  if (!answer || answer.result.status === "success") return null;
  const message = answer.failure ? t(answer.failure.message, answer.failure.values) : t("curriculum.form.required");
  return <FormMessage>{message}</FormMessage>;
}

/** A labelled input, textarea or select with its hint and errors, all tied together for screen readers. */
export function TextField({
  id,
  name,
  label,
  defaultValue,
  answer,
  hint,
  type = "text",
  rows,
  readOnly,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue?: string | number;
  answer?: DraftAnswer;
  hint?: string;
  type?: string;
  rows?: number;
  readOnly?: boolean;
}) {
  const errors = errorsOf(answer, name);
  const described = [hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    defaultValue: defaultValue ?? "",
    className: "input mt-1",
    "aria-invalid": errors ? true : undefined,
    "aria-describedby": described,
    readOnly,
  };
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {rows ? <textarea {...common} rows={rows} /> : <input {...common} type={type} autoComplete="off" />}
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** A group of checkboxes sharing one name (an array field). */
export function CheckboxGroup({
  legend,
  name,
  choices,
  checked,
}: {
  legend: string;
  name: string;
  choices: { value: string; label: string }[];
  checked: readonly string[];
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {choices.map((c) => (
          <label key={c.value} className="inline-flex items-center gap-1 text-sm">
            <input type="checkbox" name={name} value={c.value} defaultChecked={checked.includes(c.value)} />
            {c.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card space-y-4" aria-labelledby={id}>
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
