import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface SelfCheckFeedback {
  question: number;
  choice: number;
  correct: boolean;
  answer: number;
  explanation: string;
}

/** One self-check question: the answer is checked on the server, which then reveals the explanation. */
export function SelfCheckQuestion({
  index,
  question,
  options,
  lessonId,
}: {
  index: number;
  question: string;
  options: string[];
  lessonId: string;
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ feedback?: SelfCheckFeedback; error?: string }>();
  const feedback = fetcher.data?.feedback;
  const name = `q${index}`;
  return (
    <fetcher.Form method="post" className="rounded-md border border-slate-200 p-4">
      <fieldset>
        <legend className="font-medium">
          {index + 1}. {question}
        </legend>
        <input type="hidden" name="intent" value="self-check" />
        <input type="hidden" name="lessonId" value={lessonId} />
        <input type="hidden" name="question" value={index} />
        <div className="mt-3 space-y-2">
          {options.map((option, i) => (
            <label key={i} className="flex cursor-pointer items-start gap-2 rounded-md px-2 py-1 hover:bg-slate-50">
              <input type="radio" name="choice" value={i} required className="mt-1.5" id={`${name}-${i}`} />
              <span>
                {String.fromCharCode(65 + i)}. {option}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" className="btn-secondary mt-3" disabled={fetcher.state !== "idle"}>
        {t("learn.checkAnswer")}
      </button>
      <div aria-live="polite">
        {fetcher.data?.error ? <p className="mt-3 text-sm text-red-700">{t(fetcher.data.error)}</p> : null}
        {feedback ? (
          <div
            className={`mt-3 rounded-md px-3 py-2 text-sm ${feedback.correct ? "bg-green-50 text-green-900" : "bg-red-50 text-red-900"}`}
          >
            <p className="font-semibold">
              {feedback.correct
                ? t("learn.correct")
                : t("learn.incorrect", { answer: String.fromCharCode(65 + feedback.answer) })}
            </p>
            <p className="mt-1">{feedback.explanation}</p>
          </div>
        ) : null}
      </div>
    </fetcher.Form>
  );
}
