import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { FormMessage } from "~/components/forms";

export interface CohortIssueResult {
  userId: string;
  name: string;
  outcome: string;
  missing: string[];
}

/** 批量发证: issue the certificates the cohort's members have earned, and download them all. */
export function CohortCertificates({
  centerId,
  cohortId,
  canIssue,
  hasMembers,
  zipFiles,
  issued,
}: {
  centerId: string;
  cohortId: string;
  canIssue: boolean;
  hasMembers: boolean;
  /** Certificates the ZIP would hold; with none, the button is disabled and says why. */
  zipFiles: number;
  issued: CohortIssueResult[] | undefined;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <section className="card space-y-3" aria-labelledby="certificates-heading">
      <h2 id="certificates-heading" className="text-lg font-semibold">
        {t("certificates.cohortIssue")}
      </h2>
      <p className="text-sm text-slate-600">{t("certificates.cohortIssueHint")}</p>
      <div className="flex flex-wrap gap-3">
        {canIssue ? (
          <Form method="post">
            <input type="hidden" name="intent" value="issue_certificates" />
            <button type="submit" className="btn" disabled={navigation.state === "submitting" || !hasMembers}>
              {t("certificates.cohortIssue")}
            </button>
          </Form>
        ) : null}
        {zipFiles > 0 ? (
          <a
            className="btn-secondary"
            href={`/manage/organizations/${centerId}/cohorts/${cohortId}/certificates.zip`}
            download
          >
            {t("certificates.cohortZip")} ({zipFiles})
          </a>
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
