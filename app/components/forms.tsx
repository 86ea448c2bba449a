import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useLocale } from "~/hooks/use-locale";

/** Field errors arrive as catalog keys (from zod or the server) and are shown in the reader's language. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-sm text-red-700">
      {[...new Set(errors)].map((e) => (
        <li key={e}>{t(e)}</li>
      ))}
    </ul>
  );
}

export function Field({
  label,
  field,
  type = "text",
  autoComplete,
  hint,
  inputMode,
}: {
  label: string;
  field: FieldMetadata<string>;
  type?: "text" | "email" | "password" | "tel" | "date";
  autoComplete?: string;
  hint?: string;
  inputMode?: "text" | "email" | "tel" | "numeric";
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const props = getInputProps(field, { type, ariaDescribedBy: hintId });
  return (
    <div>
      <label htmlFor={field.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input {...props} key={props.key} autoComplete={autoComplete} inputMode={inputMode} className="input mt-1" />
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function FormMessage({ tone = "error", children }: { tone?: "error" | "success"; children: ReactNode }) {
  if (!children) return null;
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-md border px-3 py-2 text-sm ${
        tone === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-green-200 bg-green-50 text-green-800"
      }`}
    >
      {children}
    </div>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <h1 className="text-2xl font-semibold text-slate-900">{title}</h1>
      {children}
    </div>
  );
}

/** A new password with its confirmation, as signing up, resetting and changing a password all ask. */
export function NewPasswordFields({
  password,
  confirmPassword,
  label,
}: {
  password: FieldMetadata<string>;
  confirmPassword: FieldMetadata<string>;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        label={label}
        field={password}
        type="password"
        autoComplete="new-password"
        hint={t("fields.passwordHint")}
      />
      <Field label={t("fields.confirmPassword")} field={confirmPassword} type="password" autoComplete="new-password" />
    </>
  );
}

/** The options of a level <select>, named in the reader's language. */
export function LevelOptions({ levels }: { levels: { slug: string; nameZh: string; nameEn: string }[] }) {
  const { en } = useLocale();
  return (
    <>
      {levels.map((l) => (
        <option key={l.slug} value={l.slug}>
          {en ? l.nameEn : l.nameZh}
        </option>
      ))}
    </>
  );
}
