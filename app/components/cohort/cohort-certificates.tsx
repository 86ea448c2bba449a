import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { ErrorList, FormMessage } from "~/components/forms";
import { TraineePicker, type PickerData } from "~/components/trainee-picker";
import type { PickerFilter } from "~/modules/cohorts";

export interface CohortIssueResult {
  userId: string;
  name: string;
  outcome: string;
  missing: string[];
}

/**
 * 批量发证: staff choose members in the searchable picker (or all that match) and issue the certificates those
 * have earned; the others are listed with what is missing. Then the cohort's certificates download as one ZIP.
 */
export function CohortCertificates({
  centerId,
  cohortId,
  canIssue,
  hasMembers,
  zipFiles,
  issued,
  picker,
  lastResult,
}: {
  centerId: string;
  cohortId: string;
  canIssue: boolean;
  hasMembers: boolean;
  /** Certificates the ZIP would hold; with none, the button is disabled and says why. */
  zipFiles: number;
  issued: CohortIssueResult[] | undefined;
  /** The cohort's members matching the issuing picker's search (prefix i_), when staff may issue. */
  picker: { result: PickerData; filter: PickerFilter } | null;
  lastResult: SubmissionResult<string[]> | null | undefined;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm<{ userIds: string[] }>({ id: "issue-certificates", lastResult });
  // Only an issuing reply shows errors here; any later answer clears them.
  const errors = lastResult ? Object.values(fields.userIds.allErrors).flat() : [];
  return (
    <section className="card space-y-3" aria-labelledby="certificates-heading">
      <h2 id="certificates-heading" className="text-lg font-semibold">
        {t("certificates.cohortIssue")}
      </h2>
      <p className="text-sm text-slate-600">{t("certificates.cohortIssueHint")}</p>
      {canIssue && picker && hasMembers ? (
        <TraineePicker
          formId="issue-certificates"
          inputName="userIds"
          prefix="i_"
          legend={t("certificates.cohortIssuePick")}
          data={picker.result}
          filter={picker.filter}
          cohorts={[]}
          levels={[]}
        />
      ) : null}
      {errors.length ? <ErrorList id={fields.userIds.errorId} errors={errors} /> : null}
      <div className="flex flex-wrap gap-3">
        {canIssue ? (
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="issue_certificates" />
            <button
              type="submit"
              className="btn"
              disabled={navigation.state === "submitting" || !hasMembers || picker?.result.total === 0}
            >
              {t("certificates.cohortIssueChosen")}
            </button>
          </Form>
        ) : null}
        {zipFiles > 0 ? (
          // The ZIP's page: the download at once, or (a large cohort) its PDFs prepared first with progress.
          <Link className="btn-secondary" to={`/manage/organizations/${centerId}/cohorts/${cohortId}/certificates`}>
            {t("certificates.cohortZip")} ({zipFiles})
          </Link>
        ) : (
          <button type="button" className="btn-secondary" disabled aria-describedby="zip-empty">
            {t("certificates.cohortZip")}
          </button>
        )}
      </div>
      {zipFiles > 0 ? null : (
        <p id="zip-empty" className="text-sm text-slate-600">
          {t("certificates.cohortZipEmpty")}
        </p>
      )}
      {issued ? (
        <div className="overflow-x-auto">
          <FormMessage tone="success">
            {t("certificates.cohortIssued", { count: issued.filter((r) => r.outcome === "issued").length })}
          </FormMessage>
          <DataTable
            rows={issued}
            rowKey={(r) => r.userId}
            caption={t("certificates.cohortResult")}
            className="mt-3"
            columns={[
              { header: t("fields.name"), cell: (r) => r.name },
              {
                header: t("certificates.cohortResult"),
                cell: (r) =>
                  t(`certificates.cohortOutcome.${r.outcome}`, {
                    missing: r.missing.map((m) => t(`certificates.short.${m}`)).join("、"),
                  }),
              },
            ]}
          />
        </div>
      ) : null}
    </section>
  );
}
