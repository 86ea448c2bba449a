import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";

/**
 * 添加学员: the center's trainees ticked in the picker beside it (its checkboxes name this form), or all that
 * match its search; or go to the spreadsheet import.
 */
export function AddMembersForm({
  centerId,
  cohortId,
  available,
  lastResult,
}: {
  centerId: string;
  cohortId: string;
  /** How many trainees the picker's search finds (none: nothing to add). */
  available: number;
  lastResult: SubmissionResult<string[]> | null | undefined;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm<{ userIds: string[] }>({ id: "add-members", lastResult });
  // Only an "add" reply shows errors here; any later answer clears them.
  const errors = lastResult ? Object.values(fields.userIds.allErrors).flat() : [];
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 space-y-3">
      <input type="hidden" name="intent" value="add" />
      {available === 0 ? <p className="text-sm text-slate-600">{t("cohorts.noTrainees")}</p> : null}
      {errors.length ? <ErrorList id={fields.userIds.errorId} errors={errors} /> : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn" disabled={navigation.state === "submitting" || available === 0}>
          {t("cohorts.addButton")}
        </button>
        <Link className="link text-sm" to={`/manage/organizations/${centerId}/import?cohort=${cohortId}`}>
          {t("enrolment.title")}
        </Link>
      </div>
    </Form>
  );
}
