import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PartContent } from "~/modules/content";

/** One answerable part: radios, checkboxes, true/false, a blank or an essay box. */
export function PartInput({
  part,
  name,
  value,
  disabled,
  onAnswer,
}: {
  part: PartContent;
  name: string;
  value: unknown;
  disabled: boolean;
  onAnswer: (response: unknown) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(typeof value === "string" ? value : "");
  const debounce = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(debounce.current), []);
  const typed = (next: string) => {
    setText(next);
    window.clearTimeout(debounce.current);
    // Typing is saved after a pause, and at once when the field is left.
    debounce.current = window.setTimeout(() => onAnswer(next), 800);
  };
  const leave = () => {
    window.clearTimeout(debounce.current);
    if (text !== value) onAnswer(text);
  };

  switch (part.type) {
    case "single":
      return (
        <div className="space-y-2" role="radiogroup" aria-label={part.stem}>
          {part.options.map((option, i) => (
            <label
              key={i}
              className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 px-3 py-2 hover:bg-slate-50"
            >
              <input
                type="radio"
                name={name}
                checked={value === i}
                disabled={disabled}
                onChange={() => onAnswer(i)}
                className="mt-1.5"
              />
              <span>
                {String.fromCharCode(65 + i)}. {option}
              </span>
            </label>
          ))}
        </div>
      );
    case "multiple": {
      const chosen = Array.isArray(value) ? (value as number[]) : [];
      return (
        <div className="space-y-2" role="group" aria-label={part.stem}>
          {part.options.map((option, i) => (
            <label
              key={i}
              className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 px-3 py-2 hover:bg-slate-50"
            >
              <input
                type="checkbox"
                name={name}
                checked={chosen.includes(i)}
                disabled={disabled}
                onChange={(e) =>
                  onAnswer((e.target.checked ? [...chosen, i] : chosen.filter((c) => c !== i)).sort((a, b) => a - b))
                }
                className="mt-1.5"
              />
              <span>
                {String.fromCharCode(65 + i)}. {option}
              </span>
            </label>
          ))}
        </div>
      );
    }
    case "true_false":
      return (
        <div className="flex gap-3" role="radiogroup" aria-label={part.stem}>
          {[true, false].map((choice) => (
            <label
              key={String(choice)}
              className="flex flex-1 cursor-pointer items-center justify-center gap-2 rounded-md border border-slate-200 px-3 py-2 hover:bg-slate-50"
            >
              <input
                type="radio"
                name={name}
                checked={value === choice}
                disabled={disabled}
                onChange={() => onAnswer(choice)}
              />
              {choice ? t("exams.true") : t("exams.false")}
            </label>
          ))}
        </div>
      );
    case "fill_in":
      return (
        <input
          className="input"
          aria-label={t("exams.yourAnswer")}
          value={text}
          disabled={disabled}
          maxLength={500}
          onChange={(e) => typed(e.target.value)}
          onBlur={leave}
        />
      );
    case "essay":
      return (
        <textarea
          className="input min-h-48"
          aria-label={t("exams.yourAnswer")}
          value={text}
          disabled={disabled}
          maxLength={20000}
          onChange={(e) => typed(e.target.value)}
          onBlur={leave}
        />
      );
  }
}
