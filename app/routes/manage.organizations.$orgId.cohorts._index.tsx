import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { cohortStatus } from "~/modules/cohorts";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { ErrorList, FormMessage, LevelOptions, PageHeader } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDate } from "~/i18n/config";
import { can, centerPeople } from "~/modules/orgs/index.server";
import { createCohort, listCohorts } from "~/modules/cohorts/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { requireCenter } from "~/utils/center.server";
import { replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "cohorts.title");

const isoDate = z
  .string({ required_error: "validation.cohort.date" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "validation.cohort.date");
const cohortSchema = z.object({
  name: z
    .string({ required_error: "validation.cohort.name" })
    .trim()
    .min(1, "validation.cohort.name")
    .max(100, "validation.cohort.name"),
  levelSlug: z
    .string({ required_error: "validation.level.unknown" })
    .min(1, "validation.level.unknown")
    .max(32, "validation.level.unknown"),
  startsOn: isoDate,
  endsOn: isoDate,
  capacity: z.coerce
    .number({ invalid_type_error: "validation.cohort.capacity" })
    .int("validation.cohort.capacity")
    .min(1, "validation.cohort.capacity")
    .max(1000, "validation.cohort.capacity"),
  // None ticked arrives as no field at all.
  instructorIds: z.array(z.string().uuid("validation.cohort.instructorNotStaff")).max(50).default([]),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const [cohorts, levels, staff] = await Promise.all([
    listCohorts(database, user, center),
    loadLevels(database),
    centerPeople(database, center.id, "center_staff"),
  ]);
  return {
    center,
    cohorts,
    levels: levels.map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn })),
    staff: staff.map((s) => ({ id: s.id, name: s.name })),
    canManage: can(user, "manage:center", { centerId: center.id }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const submission = parseWithZod(await request.formData(), { schema: cohortSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const created = await createCohort(database, user, center, submission.value);
  if (!created.ok) return data({ result: replyWithFailure(submission, created) }, { status: 400 });
  return redirect(`/manage/organizations/${center.id}/cohorts/${created.cohortId}`);
}

export default function CohortsPage() {
  const { t } = useTranslation();
  const { center, cohorts, levels, staff, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { en, language } = useLocale();
  const [form, fields] = useForm<z.input<typeof cohortSchema>>({
    id: "cohort-create-form",
    lastResult: actionData?.result,
    defaultValue: { capacity: "40" },
  });
  const levelName = (slug: string) => {
    const level = levels.find((l) => l.slug === slug);
    return level ? (en ? level.nameEn : level.nameZh) : slug;
  };
  const instructorErrors = Object.values(fields.instructorIds.allErrors).flat();
  return (
    <div className="space-y-6">
      <PageHeader title={`${en ? center.nameEn : center.nameZh} · ${t("cohorts.title")}`}>
        <div className="flex flex-wrap gap-3 text-sm">
          <Link to={`/manage/organizations/${center.id}`} className="link">
            {t("cohorts.backToCenter")}
          </Link>
          <Link to={`/manage/organizations/${center.id}/exam-sessions`} className="link">
            {t("sessions.title")}
          </Link>
        </div>
      </PageHeader>
      <section className="card overflow-x-auto" aria-labelledby="cohort-list">
        <h2 id="cohort-list" className="text-lg font-semibold">
          {t("cohorts.list")}
        </h2>
        <DataTable
          rows={cohorts}
          rowKey={(c) => c.id}
          empty={<p className="mt-2 text-slate-600">{t("cohorts.empty")}</p>}
          className="mt-3"
          columns={[
            {
              header: t("cohorts.name"),
              cell: (c) => (
                <Link className="link" to={`/manage/organizations/${center.id}/cohorts/${c.id}`}>
                  {c.name}
                </Link>
              ),
            },
            { header: t("cohorts.level"), cell: (c) => levelName(c.levelSlug) },
            {
              header: t("cohorts.dates"),
              cell: (c) => (
                <>
                  {formatDate(c.startsOn, language)} – {formatDate(c.endsOn, language)}
                </>
              ),
              className: "tabular-nums",
            },
            {
              header: t("cohorts.members"),
              cell: (c) => (
                <>
                  {c.members} / {c.capacity}
                </>
              ),
              className: "tabular-nums",
            },
            { header: t("cohorts.status"), cell: (c) => t(`cohorts.state.${cohortStatus(c)}`) },
          ]}
        />
      </section>
      {canManage ? (
        <section className="card max-w-2xl" aria-labelledby="cohort-create">
          <h2 id="cohort-create" className="text-lg font-semibold">
            {t("cohorts.create")}
          </h2>
          <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
            {form.allErrors && Object.keys(form.allErrors).length ? (
              <FormMessage>{t("cohorts.fixErrors")}</FormMessage>
            ) : null}
            <div>
              <label htmlFor={fields.name.id} className="block text-sm font-medium">
                {t("cohorts.name")}
              </label>
              <input
                {...getInputProps(fields.name, { type: "text" })}
                key={fields.name.key}
                className="input mt-1"
                maxLength={100}
                placeholder="2026年第4期初级班"
              />
              <ErrorList id={fields.name.errorId} errors={fields.name.errors} />
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <div>
                <label htmlFor={fields.levelSlug.id} className="block text-sm font-medium">
                  {t("cohorts.level")}
                </label>
                <select {...getSelectProps(fields.levelSlug)} key={fields.levelSlug.key} className="input mt-1">
                  <LevelOptions levels={levels} />
                </select>
                <ErrorList id={fields.levelSlug.errorId} errors={fields.levelSlug.errors} />
              </div>
              <div>
                <label htmlFor={fields.capacity.id} className="block text-sm font-medium">
                  {t("cohorts.capacity")}
                </label>
                <input
                  {...getInputProps(fields.capacity, { type: "number" })}
                  key={fields.capacity.key}
                  min={1}
                  max={1000}
                  className="input mt-1"
                />
                <ErrorList id={fields.capacity.errorId} errors={fields.capacity.errors} />
              </div>
              <div>
                <label htmlFor={fields.startsOn.id} className="block text-sm font-medium">
                  {t("cohorts.startsOn")}
                </label>
                <input
                  {...getInputProps(fields.startsOn, { type: "date" })}
                  key={fields.startsOn.key}
                  className="input mt-1"
                />
                <ErrorList id={fields.startsOn.errorId} errors={fields.startsOn.errors} />
              </div>
              <div>
                <label htmlFor={fields.endsOn.id} className="block text-sm font-medium">
                  {t("cohorts.endsOn")}
                </label>
                <input
                  {...getInputProps(fields.endsOn, { type: "date" })}
                  key={fields.endsOn.key}
                  className="input mt-1"
                />
                <ErrorList id={fields.endsOn.errorId} errors={fields.endsOn.errors} />
              </div>
            </div>
            <fieldset>
              <legend className="text-sm font-medium">{t("cohorts.instructors")}</legend>
              {staff.length === 0 ? <p className="text-sm text-slate-600">{t("cohorts.noStaff")}</p> : null}
              <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                {staff.map((s) => (
                  <label key={s.id} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name={fields.instructorIds.name} value={s.id} /> {s.name}
                  </label>
                ))}
              </div>
              <ErrorList id={fields.instructorIds.errorId} errors={instructorErrors} />
            </fieldset>
            <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
              {t("cohorts.createButton")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
