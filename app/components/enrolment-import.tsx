import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { ConsentCheckbox } from "~/components/privacy-notice";
import { CURRENT_PRIVACY_VERSION } from "~/modules/privacy";
import { DataTable } from "~/components/data-table";
import type { ImportSummary } from "~/modules/enrolment/index.server";
import { actionText, type ImportPlan, problemText, rowErrorText } from "~/modules/enrolment";

/** The dry run: every row with what an import would do or what to fix, and the confirmation holding the same file. */
export function ImportPreview({
  orgId,
  result,
  busy,
}: {
  orgId: string;
  result: { fileName: string; fileBase64: string; cohortId: string | null; plan: ImportPlan; notInformed?: boolean };
  busy: boolean;
}) {
  const { t } = useTranslation();
  const { plan } = result;
  const withCohort = result.cohortId !== null;
  const [onlyProblems, setOnlyProblems] = useState(false);
  const shown = onlyProblems ? plan.rows.filter((row) => row.errors.length > 0) : plan.rows;
  return (
    <section className="card space-y-4" aria-labelledby="preview-heading">
      <h2 id="preview-heading" className="text-lg font-semibold">
        {t("enrolment.preview.title", { fileName: result.fileName })}
      </h2>
      <p className="text-sm">
        {t("enrolment.preview.summary", {
          rows: plan.counts.rows,
          create: plan.counts.create,
          link: plan.counts.link,
          already: plan.counts.joinCohort + plan.counts.nothing,
          errors: plan.counts.rowsWithErrors,
        })}
      </p>
      {plan.counts.create ? (
        <p className="text-sm">
          {t("enrolment.preview.invitations", {
            invitations: plan.counts.invitations,
            withoutEmail: plan.counts.withoutEmail,
          })}
        </p>
      ) : null}
      {plan.problems.map((problem) => (
        <FormMessage key={problem.code}>{problemText(t, problem)}</FormMessage>
      ))}
      {plan.counts.rowsWithErrors ? (
        <FormMessage>{t("enrolment.preview.hasErrors", { count: plan.counts.rowsWithErrors })}</FormMessage>
      ) : null}
      {plan.ok ? (
        <Form method="post" encType="multipart/form-data" className="space-y-2">
          <p className="text-sm text-green-800">{t("enrolment.preview.ready")}</p>
          <input type="hidden" name="intent" value="commit" />
          <input type="hidden" name="cohortId" value={result.cohortId ?? ""} />
          <input type="hidden" name="fileName" value={result.fileName} />
          <input type="hidden" name="fileBase64" value={result.fileBase64} />
          {/* New accounts' consent to the privacy notice is recorded on the staff's word (docs/privacy.md). */}
          <ConsentCheckbox
            id="informed"
            version={CURRENT_PRIVACY_VERSION}
            label={t("privacy.importConsent", { version: CURRENT_PRIVACY_VERSION })}
            errors={result.notInformed ? ["privacy.consentRequired"] : null}
          />
          <button type="submit" className="btn" disabled={busy}>
            {busy ? t("enrolment.importing") : t("enrolment.confirm")}
          </button>
        </Form>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        {plan.counts.rowsWithErrors ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.currentTarget.checked)} />
            {t("enrolment.preview.onlyProblems", { count: plan.counts.rowsWithErrors })}
          </label>
        ) : (
          <span />
        )}
        {/* The report is the same dry run as a file: the checked bytes go back, as for the confirmation. */}
        <Form
          method="post"
          action={`/manage/organizations/${orgId}/import/report`}
          reloadDocument
          className="flex flex-wrap gap-2"
          aria-label={t("enrolment.preview.download")}
        >
          <input type="hidden" name="cohortId" value={result.cohortId ?? ""} />
          <input type="hidden" name="fileName" value={result.fileName} />
          <input type="hidden" name="fileBase64" value={result.fileBase64} />
          {onlyProblems ? <input type="hidden" name="only" value="problems" /> : null}
          <button type="submit" name="format" value="csv" className="btn-secondary">
            {t("enrolment.preview.downloadCsv")}
          </button>
          <button type="submit" name="format" value="xlsx" className="btn-secondary">
            {t("enrolment.preview.downloadXlsx")}
          </button>
        </Form>
      </div>
      <DataTable
        rows={shown}
        rowKey={(row) => String(row.line)}
        caption={t("enrolment.preview.tableCaption")}
        rowClassName={(row) => `align-top ${row.errors.length ? "bg-red-50" : ""}`}
        headerClassName="whitespace-nowrap"
        columns={[
          // Short values stay on one line; long ones wrap between words (or Chinese characters), never inside a Latin word.
          { header: t("enrolment.preview.line"), cell: (row) => row.line, rowHeader: true, className: "tabular-nums" },
          { header: t("enrolment.preview.name"), cell: (row) => row.values.name, className: "whitespace-nowrap" },
          {
            header: t("enrolment.preview.mobile"),
            cell: (row) => row.values.mobile,
            className: "whitespace-nowrap tabular-nums",
          },
          { header: t("enrolment.preview.email"), cell: (row) => row.values.email, className: "break-words" },
          { header: t("enrolment.preview.employer"), cell: (row) => row.values.employer, className: "min-w-[10rem]" },
          {
            header: t("enrolment.preview.jobTitle"),
            cell: (row) => row.values.jobTitle,
            className: "min-w-[6rem] [word-break:keep-all]",
          },
          {
            header: t("enrolment.preview.outcome"),
            className: "min-w-[14rem]",
            cell: (row) =>
              row.action ? (
                actionText(t, row.action, withCohort)
              ) : (
                <ul className="space-y-0.5 text-red-800">
                  {row.errors.map((error, i) => (
                    <li key={i}>{rowErrorText(t, error)}</li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </section>
  );
}

/** What a committed import did, with the way on to the cohort. */
export function ImportDone({
  orgId,
  cohortId,
  summary,
}: {
  orgId: string;
  cohortId: string | null;
  summary: ImportSummary;
}) {
  const { t } = useTranslation();
  const changed = summary.created + summary.linked + summary.addedToCohort > 0;
  return (
    <section className="card space-y-3" aria-labelledby="done-heading">
      <h2 id="done-heading" className="text-lg font-semibold">
        {t("enrolment.result.title")}
      </h2>
      <div role="status" className="space-y-1 text-sm">
        {changed ? null : <p>{t("enrolment.result.nothingChanged")}</p>}
        <ul className="list-disc space-y-1 pl-5">
          <li>{t("enrolment.result.created", { count: summary.created })}</li>
          <li>{t("enrolment.result.linked", { count: summary.linked })}</li>
          <li>{t("enrolment.result.alreadyMembers", { count: summary.alreadyMembers })}</li>
          {cohortId ? <li>{t("enrolment.result.addedToCohort", { count: summary.addedToCohort })}</li> : null}
          <li>{t("enrolment.result.invitations", { count: summary.invitations })}</li>
        </ul>
        {summary.withoutEmail ? (
          <p className="text-amber-800">{t("enrolment.result.withoutEmail", { count: summary.withoutEmail })}</p>
        ) : null}
      </div>
      {summary.withoutEmail ? (
        <p>
          <Link to={`/manage/organizations/${orgId}/password-links`} className="link">
            {t("enrolment.result.toPasswordless")}
          </Link>
        </p>
      ) : null}
      <div className="flex flex-wrap gap-3">
        {cohortId ? (
          <Link to={`/manage/organizations/${orgId}/cohorts/${cohortId}`} className="btn">
            {t("enrolment.result.toCohort")}
          </Link>
        ) : null}
        <Link to={`/manage/organizations/${orgId}/import`} className="btn-secondary">
          {t("enrolment.result.again")}
        </Link>
      </div>
    </section>
  );
}
