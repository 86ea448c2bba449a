import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, FormMessage, LevelOptions, PageHeader } from "~/components/forms";
import { formatDate, isLanguage } from "~/i18n/config";
import { can } from "~/modules/auth/index.server";
import { createCohort, listCohorts } from "~/modules/cohorts/index.server";
import { loadLevels } from "~/modules/learning/index.server";
import { centerPeople } from "~/modules/orgs/index.server";
import { requireCenter } from "~/utils/center.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "cohorts.title");

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "validation.cohort.date");
const cohortSchema = z.object({
  name: z.string().trim().min(1, "validation.cohort.name").max(100, "validation.cohort.name"),
  levelSlug: z.string().min(1, "validation.level.unknown").max(32, "validation.level.unknown"),
  startsOn: isoDate,
  endsOn: isoDate,
  capacity: z.coerce
    .number({ invalid_type_error: "validation.cohort.capacity" })
    .int("validation.cohort.capacity")
    .min(1, "validation.cohort.capacity")
    .max(1000, "validation.cohort.capacity"),
  instructorIds: z.array(z.string().uuid("validation.cohort.instructorNotStaff")).max(50),
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
  const form = await request.formData();
  const parsed = cohortSchema.safeParse({ ...Object.fromEntries(form), instructorIds: form.getAll("instructorIds") });
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data({ errors }, { status: 400 });
  }
  const created = await createCohort(database, user, center, parsed.data);
  if (!created.ok) return data({ errors: { [created.field]: created.error } as Record<string, string> }, { status: 400 });
  return redirect(`/manage/organizations/${center.id}/cohorts/${created.cohortId}`);
}

export default function CohortsPage() {
  const { t, i18n } = useTranslation();
  const { center, cohorts, levels, staff, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const en = i18n.language === "en";
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  const errors: Record<string, string> = actionData?.errors ?? {};
  const levelName = (slug: string) => {
    const level = levels.find((l) => l.slug === slug);
    return level ? (en ? level.nameEn : level.nameZh) : slug;
  };
  const fieldError = (name: string) => (errors[name] ? <ErrorList id={`${name}-error`} errors={[errors[name]]} /> : null);
  const described = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
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
        {cohorts.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("cohorts.empty")}</p>
        ) : (
          <table className="mt-3 w-full text-left text-sm">
            <thead className="border-b text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4">{t("cohorts.name")}</th>
                <th scope="col" className="py-2 pr-4">{t("cohorts.level")}</th>
                <th scope="col" className="py-2 pr-4">{t("cohorts.dates")}</th>
                <th scope="col" className="py-2 pr-4">{t("cohorts.members")}</th>
                <th scope="col" className="py-2 pr-4">{t("cohorts.status")}</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((c) => (
                <tr key={c.id} className="border-b last:border-0">
                  <td className="py-2 pr-4">
                    <Link className="link" to={`/manage/organizations/${center.id}/cohorts/${c.id}`}>
                      {c.name}
                    </Link>
                  </td>
                  <td className="py-2 pr-4">{levelName(c.levelSlug)}</td>
                  <td className="py-2 pr-4 tabular-nums">
                    {formatDate(c.startsOn, language)} – {formatDate(c.endsOn, language)}
                  </td>
                  <td className="py-2 pr-4 tabular-nums">
                    {c.members} / {c.capacity}
                  </td>
                  <td className="py-2 pr-4">{c.closedAt ? t("cohorts.closed") : t("cohorts.open")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canManage ? (
        <section className="card max-w-2xl" aria-labelledby="cohort-create">
          <h2 id="cohort-create" className="text-lg font-semibold">
            {t("cohorts.create")}
          </h2>
          <Form method="post" className="mt-4 space-y-4" noValidate>
            {Object.keys(errors).length ? <FormMessage>{t("cohorts.fixErrors")}</FormMessage> : null}
            <div>
              <label htmlFor="cohort-name" className="block text-sm font-medium">
                {t("cohorts.name")}
              </label>
              <input id="cohort-name" name="name" className="input mt-1" maxLength={100} placeholder="2026年第4期初级班" {...described("name")} />
              {fieldError("name")}
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <div>
                <label htmlFor="cohort-level" className="block text-sm font-medium">
                  {t("cohorts.level")}
                </label>
                <select id="cohort-level" name="levelSlug" className="input mt-1" {...described("levelSlug")}>
                  <LevelOptions levels={levels} />
                </select>
                {fieldError("levelSlug")}
              </div>
              <div>
                <label htmlFor="cohort-capacity" className="block text-sm font-medium">
                  {t("cohorts.capacity")}
                </label>
                <input id="cohort-capacity" name="capacity" type="number" min={1} max={1000} defaultValue={40} className="input mt-1" {...described("capacity")} />
                {fieldError("capacity")}
              </div>
              <div>
                <label htmlFor="cohort-starts" className="block text-sm font-medium">
                  {t("cohorts.startsOn")}
                </label>
                <input id="cohort-starts" name="startsOn" type="date" className="input mt-1" {...described("startsOn")} />
                {fieldError("startsOn")}
              </div>
              <div>
                <label htmlFor="cohort-ends" className="block text-sm font-medium">
                  {t("cohorts.endsOn")}
                </label>
                <input id="cohort-ends" name="endsOn" type="date" className="input mt-1" {...described("endsOn")} />
                {fieldError("endsOn")}
              </div>
            </div>
            <fieldset>
              <legend className="text-sm font-medium">{t("cohorts.instructors")}</legend>
              {staff.length === 0 ? <p className="text-sm text-slate-600">{t("cohorts.noStaff")}</p> : null}
              <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                {staff.map((s) => (
                  <label key={s.id} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="instructorIds" value={s.id} /> {s.name}
                  </label>
                ))}
              </div>
              {fieldError("instructorIds")}
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
