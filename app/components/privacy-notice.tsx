import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocale } from "~/hooks/use-locale";
import type { PrivacyNotice } from "~/modules/privacy";
import { ErrorList } from "./forms";

/** The notice's text in the reader's language. */
export function PrivacyNoticeText({ notice }: { notice: PrivacyNotice }) {
  const { t } = useTranslation();
  const { en } = useLocale();
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        {t("privacy.version", { version: notice.version, date: notice.effectiveOn })}
      </p>
      {(en ? notice.en : notice.zh).map((s) => (
        <section key={s.heading}>
          <h2 className="font-semibold">{s.heading}</h2>
          <p className="mt-1 text-slate-800">{s.body}</p>
        </section>
      ))}
    </div>
  );
}

/** The required box of the sign-up and consent forms (name "consent"), with a link to the notice. */
export function ConsentCheckbox({
  id,
  version,
  errors,
  label,
}: {
  id: string;
  version: string;
  errors?: string[] | null;
  label?: string;
}) {
  const { t } = useTranslation();
  const errorId = `${id}-error`;
  return (
    <div>
      <div className="flex items-start gap-2">
        <input
          type="checkbox"
          id={id}
          name="consent"
          value="on"
          required
          className="mt-1"
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? errorId : undefined}
        />
        <label htmlFor={id} className="text-sm text-slate-800">
          {label ?? t("privacy.consentLabel", { version })}
        </label>
      </div>
      <p className="mt-1 text-sm">
        <Link to="/privacy" className="link" target="_blank" rel="noreferrer">
          {t("privacy.read")}
        </Link>
      </p>
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}
