import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { ErrorList, FormMessage, LevelOptions, PageHeader } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDate } from "~/i18n/config";
import { can, traineeCenterOf } from "~/modules/orgs/index.server";
import { namesOf } from "~/modules/auth/index.server";
import { continuingEducationOf, recordContinuingEducation } from "~/modules/certificates/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { requireCenter } from "~/utils/center.server";
import { chinaDate } from "~/utils/china-time";
import { notFound } from "~/utils/errors.server";
import { replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "certificates.admin.ceTitle");

const schema = z.object({
  levelSlug: z
    .string({ required_error: "validation.level.unknown" })
    .min(1, "validation.level.unknown")
    .max(32, "validation.level.unknown"),
  hours: z.coerce
    .number({ invalid_type_error: "certificates.errors.ceHours" })
    .int("certificates.errors.ceHours")
    .min(1, "certificates.errors.ceHours")
    .max(200, "certificates.errors.ceHours"),
  activity: z
    .string({ required_error: "certificates.errors.ceActivity" })
    .trim()
    .min(1, "certificates.errors.ceActivity")
    .max(200, "certificates.errors.ceActivity"),
  completedOn: z
    .string({ required_error: "certificates.errors.ceDate" })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "certificates.errors.ceDate")
    .refine((d) => d <= chinaDate(), "certificates.errors.ceDate"),
});

async function traineeOfCenter(request: Request, params: { orgId?: string; traineeId?: string }) {
  const scope = await requireCenter(request, params.orgId);
  const traineeId = z.string().uuid().safeParse(params.traineeId);
  if (!traineeId.success || (await traineeCenterOf(scope.database, traineeId.data)) !== scope.center.id)
    throw notFound();
  return { ...scope, traineeId: traineeId.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center, traineeId } = await traineeOfCenter(request, params);
  const [names, records, levels] = await Promise.all([
    namesOf(database, [traineeId]),
    continuingEducationOf(database, traineeId),
    loadLevels(database),
  ]);
  return {
    center,
    traineeId,
    name: names.get(traineeId) ?? "",
    records: records.map((r) => ({
      id: r.id,
      levelSlug: r.levelSlug,
      hours: r.hours,
      activity: r.activity,
      completedOn: r.completedOn,
    })),
    levels: levels.map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn })),
    canRecord: can(user, "manage:center", { centerId: center.id }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center, traineeId } = await traineeOfCenter(request, params);
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: false }, { status: 400 });
  const recorded = await recordContinuingEducation(database, user, {
    centerId: center.id,
    userId: traineeId,
    ...submission.value,
  });
  if (!recorded.ok) return data({ result: replyWithFailure(submission, recorded), saved: false }, { status: 400 });
  return { result: submission.reply(), saved: true };
}

export default function ContinuingEducationPage() {
  const { t } = useTranslation();
  const { center, traineeId, name, records, levels, canRecord } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof schema>>({ id: "ce", lastResult: actionData?.result });
  const { en, language } = useLocale();
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
        <DataTable
          rows={records}
          rowKey={(r) => r.id}
          empty={<p className="text-slate-600">—</p>}
          columns={[
            {
              header: t("certificates.admin.ceDate"),
              cell: (r) => formatDate(r.completedOn, language),
              className: "tabular-nums",
            },
            { header: t("certificates.level"), cell: (r) => levelName(r.levelSlug) },
            { header: t("certificates.admin.ceActivity"), cell: (r) => r.activity },
            { header: t("certificates.admin.ceHours"), cell: (r) => r.hours, className: "tabular-nums" },
          ]}
        />
      </section>
      {canRecord ? (
        <section className="card max-w-xl" aria-labelledby="ce-form">
          <h2 id="ce-form" className="text-lg font-semibold">
            {t("certificates.admin.ceTitle")}
          </h2>
          <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
            {actionData?.saved ? <FormMessage tone="success">{t("certificates.admin.ceSaved")}</FormMessage> : null}
            <div className="grid gap-4 sm:grid-cols-3">
              <div>
                <label htmlFor={fields.levelSlug.id} className="block text-sm font-medium">
                  {t("certificates.level")}
                </label>
                <select {...getSelectProps(fields.levelSlug)} key={fields.levelSlug.key} className="input mt-1">
                  <LevelOptions levels={levels} />
                </select>
                <ErrorList id={fields.levelSlug.errorId} errors={fields.levelSlug.errors} />
              </div>
              <div>
                <label htmlFor={fields.hours.id} className="block text-sm font-medium">
                  {t("certificates.admin.ceHours")}
                </label>
                <input
                  {...getInputProps(fields.hours, { type: "number" })}
                  key={fields.hours.key}
                  min={1}
                  max={200}
                  className="input mt-1"
                />
                <ErrorList id={fields.hours.errorId} errors={fields.hours.errors} />
              </div>
              <div>
                <label htmlFor={fields.completedOn.id} className="block text-sm font-medium">
                  {t("certificates.admin.ceDate")}
                </label>
                <input
                  {...getInputProps(fields.completedOn, { type: "date" })}
                  key={fields.completedOn.key}
                  className="input mt-1"
                />
                <ErrorList id={fields.completedOn.errorId} errors={fields.completedOn.errors} />
              </div>
            </div>
            <div>
              <label htmlFor={fields.activity.id} className="block text-sm font-medium">
                {t("certificates.admin.ceActivity")}
              </label>
              <input
                {...getInputProps(fields.activity, { type: "text" })}
                key={fields.activity.key}
                maxLength={200}
                className="input mt-1"
              />
              <ErrorList id={fields.activity.errorId} errors={fields.activity.errors} />
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
