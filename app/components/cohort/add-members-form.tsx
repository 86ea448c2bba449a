import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";

/** 添加学员: tick the center's trainees to put into the cohort, or go to the spreadsheet import. */
export function AddMembersForm({
  centerId,
  cohortId,
  candidates,
  lastResult,
}: {
  centerId: string;
  cohortId: string;
  candidates: { id: string; name: string; contact: string | null }[];
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
      <fieldset>
        <legend className="text-sm font-medium">{t("cohorts.addMembers")}</legend>
        {candidates.length === 0 ? <p className="text-sm text-slate-600">{t("cohorts.noTrainees")}</p> : null}
        <div className="mt-1 grid max-h-64 gap-1 overflow-y-auto sm:grid-cols-2">
          {candidates.map((c) => (
            <label key={c.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name={fields.userIds.name} value={c.id} /> {c.name} <span className="text-slate-500">{c.contact}</span>
            </label>
          ))}
        </div>
        {errors.length ? <ErrorList id={fields.userIds.errorId} errors={errors} /> : null}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn" disabled={navigation.state === "submitting" || candidates.length === 0}>
          {t("cohorts.addButton")}
        </button>
        <Link className="link text-sm" to={`/manage/organizations/${centerId}/import?cohort=${cohortId}`}>
          {t("enrolment.title")}
        </Link>
      </div>
    </Form>
  );
}
