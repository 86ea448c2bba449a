import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { desc, eq } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { continuingEducation, users } from "#db/schema";
import { ErrorList, FormMessage, LevelOptions, PageHeader } from "~/components/forms";
import { formatDate, isLanguage } from "~/i18n/config";
import { can } from "~/modules/auth/index.server";
import { traineeCenterOf } from "~/modules/certificates/index.server";
import { recordContinuingEducation } from "~/modules/certificates/index.server";
import { loadLevels } from "~/modules/learning/index.server";
import { requireCenter } from "~/utils/center.server";
import { notFound } from "~/utils/errors.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "certificates.admin.ceTitle");

const schema = z.object({
  levelSlug: z.string().min(1).max(32),
  hours: z.coerce.number({ invalid_type_error: "certificates.errors.ceHours" }).int("certificates.errors.ceHours").min(1, "certificates.errors.ceHours").max(200, "certificates.errors.ceHours"),
  activity: z.string().trim().min(1, "certificates.errors.ceActivity").max(200, "certificates.errors.ceActivity"),
  completedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "certificates.errors.ceDate")
    .refine((d) => d <= new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), "certificates.errors.ceDate"),
});

async function traineeOfCenter(request: Request, params: { orgId?: string; traineeId?: string }) {
  const scope = await requireCenter(request, params.orgId);
  const traineeId = z.string().uuid().safeParse(params.traineeId);
  if (!traineeId.success || (await traineeCenterOf(scope.database, traineeId.data)) !== scope.center.id) throw notFound();
  return { ...scope, traineeId: traineeId.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center, traineeId } = await traineeOfCenter(request, params);
  const [[trainee], records, levels] = await Promise.all([
    database.select({ name: users.name }).from(users).where(eq(users.id, traineeId)),
    database.select().from(continuingEducation).where(eq(continuingEducation.userId, traineeId)).orderBy(desc(continuingEducation.completedOn)),
    loadLevels(database),
  ]);
  return {
    center,
    traineeId,
    name: trainee?.name ?? "",
    records: records.map((r) => ({ id: r.id, levelSlug: r.levelSlug, hours: r.hours, activity: r.activity, completedOn: r.completedOn })),
    levels: levels.map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn })),
    canRecord: can(user, "manage:center", { centerId: center.id }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center, traineeId } = await traineeOfCenter(request, params);
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message, saved: false }, { status: 400 });
  await recordContinuingEducation(database, user, { centerId: center.id, userId: traineeId, ...parsed.data });
  return { error: null, saved: true };
}

export default function ContinuingEducationPage() {
  const { t, i18n } = useTranslation();
  const { center, traineeId, name, records, levels, canRecord } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const en = i18n.language === "en";
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  const levelName = (slug: string) => {
    const l = levels.find((x) => x.slug === slug);
    return l ? (en ? l.nameEn : l.nameZh) : slug;
  };
  return (
    <div className="space-y-6">
      <PageHeader title={`${name} · ${t("certificates.admin.ceTitle")}`}>
        <Link to={`/manage/organizations/${center.id}/trainees/${traineeId}`} className="link text-sm">
          {t("staffLearn.back")}
        </Link>
      </PageHeader>
      <section className="card overflow-x-auto">
        {records.length === 0 ? (
          <p className="text-slate-600">—</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="border-b text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4">{t("certificates.admin.ceDate")}</th>
                <th scope="col" className="py-2 pr-4">{t("certificates.level")}</th>
                <th scope="col" className="py-2 pr-4">{t("certificates.admin.ceActivity")}</th>
                <th scope="col" className="py-2 pr-4">{t("certificates.admin.ceHours")}</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.id} className="border-b last:border-0">
                  <td className="py-2 pr-4 tabular-nums">{formatDate(r.completedOn, language)}</td>
                  <td className="py-2 pr-4">{levelName(r.levelSlug)}</td>
                  <td className="py-2 pr-4">{r.activity}</td>
                  <td className="py-2 pr-4 tabular-nums">{r.hours}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canRecord ? (
        <section className="card max-w-xl" aria-labelledby="ce-form">
          <h2 id="ce-form" className="text-lg font-semibold">
            {t("certificates.admin.ceTitle")}
          </h2>
          <Form method="post" className="mt-4 space-y-4">
            {actionData?.saved ? <FormMessage tone="success">{t("certificates.admin.ceSaved")}</FormMessage> : null}
            {actionData?.error ? <ErrorList id="ce-error" errors={[actionData.error]} /> : null}
            <div className="grid gap-4 sm:grid-cols-3">
              <div>
                <label htmlFor="ce-level" className="block text-sm font-medium">
                  {t("certificates.level")}
                </label>
                <select id="ce-level" name="levelSlug" className="input mt-1">
                  <LevelOptions levels={levels} />
                </select>
              </div>
              <div>
                <label htmlFor="ce-hours" className="block text-sm font-medium">
                  {t("certificates.admin.ceHours")}
                </label>
                <input id="ce-hours" name="hours" type="number" min={1} max={200} className="input mt-1" />
              </div>
              <div>
                <label htmlFor="ce-date" className="block text-sm font-medium">
                  {t("certificates.admin.ceDate")}
                </label>
                <input id="ce-date" name="completedOn" type="date" className="input mt-1" />
              </div>
            </div>
            <div>
              <label htmlFor="ce-activity" className="block text-sm font-medium">
                {t("certificates.admin.ceActivity")}
              </label>
              <input id="ce-activity" name="activity" maxLength={200} className="input mt-1" />
            </div>
            <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
              {t("certificates.admin.ceSave")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
