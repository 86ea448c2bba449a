import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormMessage } from "~/components/forms";
import { CONTRACT_TYPES, type CaseField } from "~/modules/portfolio";

export type CaseFormValues = Partial<Record<CaseField, string>>;

const CASE_FIELDS: CaseField[] = [
  "title",
  "contractType",
  "registrationNo",
  "amount",
  "role",
  "startedOn",
  "endedOn",
  "description",
];

/** The case form, for a new case and for editing one; the server's reply carries catalog keys per field. */
export function PortfolioCaseForm({
  defaults,
  lastResult,
  submitLabel,
  intent,
}: {
  defaults: CaseFormValues;
  /** The reply to this form's last submission; null when the page's last answer was something else. */
  lastResult?: SubmissionResult<string[]> | null;
  submitLabel: string;
  intent: string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm<Record<CaseField, string>>({ id: `case-${intent}`, lastResult });
  // One message per field, as the form has always shown; none once the page answers something else.
  const errors: Partial<Record<CaseField, string>> = {};
  if (lastResult) for (const name of CASE_FIELDS) if (fields[name].errors?.[0]) errors[name] = fields[name].errors[0];
  const described = (name: CaseField, hint = false) => {
    const ids = [hint ? `case-${name}-hint` : null, errors[name] ? `case-${name}-error` : null]
      .filter(Boolean)
      .join(" ");
    return { ...(errors[name] ? { "aria-invalid": true } : {}), ...(ids ? { "aria-describedby": ids } : {}) };
  };
  const fieldError = (name: CaseField) =>
    errors[name] ? <ErrorList id={`case-${name}-error`} errors={[errors[name]!]} /> : null;
  const hint = (name: CaseField, key: string) => (
    <p id={`case-${name}-hint`} className="mt-1 text-sm text-slate-600">
      {t(key)}
    </p>
  );
  const label = (name: CaseField, key: string) => (
    <label htmlFor={`case-${name}`} className="block text-sm font-medium text-slate-800">
      {t(key)}
    </label>
  );
  return (
    <Form method="post" id={form.id} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="intent" value={intent} />
      {Object.keys(errors).length ? <FormMessage>{t("portfolio.fixErrors")}</FormMessage> : null}
      <div>
        {label("title", "portfolio.fields.title")}
        <input
          id="case-title"
          name="title"
          className="input mt-1"
          maxLength={200}
          defaultValue={defaults.title}
          {...described("title")}
        />
        {fieldError("title")}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          {label("contractType", "portfolio.fields.contractType")}
          <select
            id="case-contractType"
            name="contractType"
            className="input mt-1"
            defaultValue={defaults.contractType ?? "licence"}
            {...described("contractType")}
          >
            {CONTRACT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`portfolio.contractTypes.${type}`)}
              </option>
            ))}
          </select>
          {fieldError("contractType")}
        </div>
        <div>
          {label("registrationNo", "portfolio.fields.registrationNo")}
          <input
            id="case-registrationNo"
            name="registrationNo"
            className="input mt-1"
            maxLength={64}
            defaultValue={defaults.registrationNo}
            {...described("registrationNo", true)}
          />
          {hint("registrationNo", "portfolio.fields.registrationNoHint")}
          {fieldError("registrationNo")}
        </div>
        <div>
          {label("amount", "portfolio.fields.amount")}
          <input
            id="case-amount"
            name="amount"
            className="input mt-1"
            inputMode="decimal"
            defaultValue={defaults.amount}
            {...described("amount", true)}
          />
          {hint("amount", "portfolio.fields.amountHint")}
          {fieldError("amount")}
        </div>
        <div>
          {label("role", "portfolio.fields.role")}
          <input
            id="case-role"
            name="role"
            className="input mt-1"
            maxLength={200}
            defaultValue={defaults.role}
            {...described("role", true)}
          />
          {hint("role", "portfolio.fields.roleHint")}
          {fieldError("role")}
        </div>
        <div>
          {label("startedOn", "portfolio.fields.startedOn")}
          <input
            id="case-startedOn"
            name="startedOn"
            type="date"
            className="input mt-1"
            defaultValue={defaults.startedOn}
            {...described("startedOn")}
          />
          {fieldError("startedOn")}
        </div>
        <div>
          {label("endedOn", "portfolio.fields.endedOn")}
          <input
            id="case-endedOn"
            name="endedOn"
            type="date"
            className="input mt-1"
            defaultValue={defaults.endedOn}
            {...described("endedOn")}
          />
          {fieldError("endedOn")}
        </div>
      </div>
      <div>
        {label("description", "portfolio.fields.description")}
        <textarea
          id="case-description"
          name="description"
          rows={8}
          className="input mt-1"
          defaultValue={defaults.description}
          {...described("description", true)}
        />
        {hint("description", "portfolio.fields.descriptionHint")}
        {fieldError("description")}
      </div>
      <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}

/** A case's review status, coloured and spelled out (never colour alone). */
export function CaseStatusBadge({ status }: { status: "submitted" | "approved" | "returned" }) {
  const { t } = useTranslation();
  const tone = {
    submitted: "bg-amber-50 text-amber-900 border-amber-200",
    approved: "bg-green-50 text-green-900 border-green-200",
    returned: "bg-red-50 text-red-900 border-red-200",
  }[status];
  return (
    <span className={`inline-block rounded border px-2 py-0.5 text-xs font-medium ${tone}`}>
      {t(`portfolio.status.${status}`)}
    </span>
  );
}
