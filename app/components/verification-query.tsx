import { useTranslation } from "react-i18next";
import { ErrorList } from "./forms";

/** The code-or-serial field of the look-up forms (the verification start page and the not-found page). */
export function VerificationQueryField({
  defaultValue,
  error,
  hint = false,
}: {
  defaultValue: string;
  error?: string | null;
  hint?: boolean;
}) {
  const { t } = useTranslation();
  const describedBy = [hint ? "q-hint" : null, error ? "q-error" : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor="q" className="block text-sm font-medium text-slate-800">
        {t("verification.queryLabel")}
      </label>
      <input
        id="q"
        name="q"
        defaultValue={defaultValue}
        required
        maxLength={64}
        autoCapitalize="characters"
        autoComplete="off"
        spellCheck={false}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        className="input mt-1 font-mono text-lg tracking-wide"
      />
      {hint ? (
        <p id="q-hint" className="mt-1 text-sm text-slate-600">
          {t("verification.queryHint")}
        </p>
      ) : null}
      <ErrorList id="q-error" errors={error ? [error] : null} />
    </div>
  );
}
