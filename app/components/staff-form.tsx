import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { addStaffSchema } from "~/modules/orgs";
import { Field, FormMessage } from "./forms";

/** A platform admin adds a staff member: name and e-mail; a set-password link goes out by mail. */
export function AddStaffForm({
  heading,
  lastResult,
  added,
  roles,
}: {
  heading: string;
  lastResult?: SubmissionResult<string[]>;
  added?: boolean;
  /** Roles to choose from (the certification body's content editor and reviewer); none: the page's one role. */
  roles?: readonly string[];
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof addStaffSchema>>({
    id: "add-staff",
    lastResult,
  });
  return (
    <section className="card max-w-xl" aria-labelledby="add-staff-heading">
      <h2 id="add-staff-heading" className="text-lg font-semibold">
        {heading}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("staff.hint")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
        {added ? <FormMessage tone="success">{t("staff.added")}</FormMessage> : null}
        <Field label={t("fields.name")} field={fields.name} autoComplete="off" />
        <Field label={t("fields.email")} field={fields.email} type="email" autoComplete="off" />
        {roles?.length ? (
          <div>
            <label htmlFor="add-staff-role" className="block text-sm font-medium text-slate-800">
              {t("account.roles")}
            </label>
            <select id="add-staff-role" name="role" className="input mt-1">
              {roles.map((role) => (
                <option key={role} value={role}>
                  {t(`roles.${role}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
          {t("staff.add")}
        </button>
      </Form>
    </section>
  );
}
