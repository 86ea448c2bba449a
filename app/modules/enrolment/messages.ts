import type { TFunction } from "i18next";
import type { FileFailure } from "./import.server";
import type { PlanError, PlanProblem, RowAction } from "./plan";

// Turn the codes a check returns into sentences that say what to fix, in the reader's language.

export function fileFailureText(t: TFunction, failure: FileFailure | { code: "missingFile" }) {
  if (failure.code === "no_header") {
    const missing = failure.missing.map((m) => t(`enrolment.missing.${m}`)).join(t("enrolment.missing.separator"));
    return t("enrolment.fileErrors.no_header", { missing });
  }
  return t(`enrolment.fileErrors.${failure.code}`);
}

export function problemText(t: TFunction, problem: PlanProblem) {
  if (problem.code === "cohort_full") return t("enrolment.problems.cohort_full", problem);
  return t(`enrolment.problems.${problem.code}`);
}

export function rowErrorText(t: TFunction, error: PlanError) {
  switch (error.code) {
    case "duplicate_in_file":
      return t("enrolment.rowErrors.duplicate_in_file", {
        field: t(`enrolment.fields.${error.field}`),
        otherLine: error.otherLine,
      });
    case "too_long":
      return t("enrolment.rowErrors.too_long", { field: t(`enrolment.fields.${error.field}`), max: error.max });
    case "name_mismatch":
      return t("enrolment.rowErrors.name_mismatch", {
        field: t(`enrolment.fields.${error.field}`),
        storedName: error.storedName,
      });
    case "same_person":
      return t("enrolment.rowErrors.same_person", { otherLine: error.otherLine });
    default:
      return t(`enrolment.rowErrors.${error.code}`);
  }
}

export function actionText(t: TFunction, action: RowAction, withCohort: boolean) {
  const cohort = withCohort ? t("enrolment.actions.andCohort") : "";
  switch (action.kind) {
    case "create":
      return (action.invite ? t("enrolment.actions.createInvite") : t("enrolment.actions.createNoEmail")) + cohort;
    case "link":
      return t("enrolment.actions.link") + cohort;
    case "join_cohort":
      return t("enrolment.actions.join_cohort");
    case "nothing":
      return t("enrolment.actions.nothing");
  }
}
