import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";

/** 转移记录: a trainee's moves between centers, for anyone who may see the page. */
export function TransferHistory({
  transfers,
}: {
  transfers: {
    id: string;
    fromNameZh: string | null;
    fromNameEn: string | null;
    toNameZh: string;
    toNameEn: string;
    reason: string | null;
    by: string | null;
    at: string;
  }[];
}) {
  const { t } = useTranslation();
  const { en, language } = useLocale();
  return (
    <section className="card" aria-labelledby="transfers-heading">
      <h2 id="transfers-heading" className="text-lg font-semibold">
        {t("enrolment.transfer.historyTitle")}
      </h2>
      {transfers.length === 0 ? (
        <p className="mt-2 text-slate-600">{t("enrolment.transfer.noHistory")}</p>
      ) : (
        <ul className="mt-2 space-y-2 text-sm">
          {transfers.map((r) => (
            <li key={r.id}>
              <span className="font-medium">
                {t("enrolment.transfer.entry", {
                  from: (en ? r.fromNameEn : r.fromNameZh) ?? t("enrolment.transfer.unknownCenter"),
                  to: en ? r.toNameEn : r.toNameZh,
                })}
              </span>
              <span className="text-slate-600">
                {" "}
                · {formatDateTime(r.at, language)} · {t("enrolment.transfer.by", { name: r.by ?? "—" })}
              </span>
              {r.reason ? (
                <p className="text-slate-700">{t("enrolment.transfer.reasonLabel", { reason: r.reason })}</p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** 转出到其他培训基地: for a region admin or the platform admin, on the current center's page. */
export function TransferForm({
  targets,
  lastResult,
}: {
  targets: { id: string; nameZh: string; nameEn: string }[];
  /** The reply to the last transfer request; null when the page's last answer was something else. */
  lastResult: SubmissionResult<string[]> | null;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const { en } = useLocale();
  const [form, fields] = useForm<{ toCenterId: string; reason: string }>({ id: "transfer", lastResult });
  // One message per field; a problem that names no field is shown under the target, as before.
  const targetError = lastResult ? (fields.toCenterId.errors?.[0] ?? form.errors?.[0] ?? null) : null;
  const reasonError = lastResult ? (fields.reason.errors?.[0] ?? null) : null;
  return (
    <section className="card max-w-xl" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading" className="text-lg font-semibold">
        {t("enrolment.transfer.title")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("enrolment.transfer.hint")}</p>
      {/* No getFormProps' noValidate: the browser's own `required` checks stay, as before. */}
      <Form method="post" id={form.id} className="mt-4 space-y-4">
        <input type="hidden" name="intent" value="transfer" />
        <div>
          <label htmlFor="transfer-target" className="block text-sm font-medium">
            {t("enrolment.transfer.target")}
          </label>
          <select
            id="transfer-target"
            name="toCenterId"
            required
            defaultValue=""
            className="input mt-1"
            aria-invalid={targetError ? true : undefined}
            aria-describedby={targetError ? "transfer-target-error" : undefined}
          >
            <option value="" disabled>
              {t("enrolment.transfer.chooseTarget")}
            </option>
            {targets.map((c) => (
              <option key={c.id} value={c.id}>
                {en ? c.nameEn : c.nameZh}
              </option>
            ))}
          </select>
          <ErrorList id="transfer-target-error" errors={targetError ? [targetError] : null} />
        </div>
        <div>
          <label htmlFor="transfer-reason" className="block text-sm font-medium">
            {t("enrolment.transfer.reason")}
          </label>
          <textarea
            id="transfer-reason"
            name="reason"
            rows={2}
            required
            maxLength={500}
            className="input mt-1"
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? "transfer-reason-hint transfer-reason-error" : "transfer-reason-hint"}
          />
          <p id="transfer-reason-hint" className="mt-1 text-sm text-slate-600">
            {t("enrolment.transfer.reasonHint")}
          </p>
          <ErrorList id="transfer-reason-error" errors={reasonError ? [reasonError] : null} />
        </div>
        <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
          {t("enrolment.transfer.submit")}
        </button>
      </Form>
    </section>
  );
}
