import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, FormMessage, LevelOptions, PageHeader } from "~/components/forms";
import { PasswordLinkOffer } from "~/components/password-link";
import { TransferForm, TransferHistory } from "~/components/trainee-transfer";
import { ProgressBar } from "~/components/progress";
import { formatDateTime, isLanguage } from "~/i18n/config";
import { can } from "~/modules/auth/index.server";
import { passwordLinkState } from "~/modules/enrolment/index.server";
import { centerRelationToTrainee, transferHistory, transferTargets, transferTrainee } from "~/modules/enrolment/index.server";
import { grantAccommodation } from "~/modules/exams/index.server";
import { recordPriorQualification, traineeDetailForStaff } from "~/modules/learning/index.server";
import { getOrganization } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/errors.server";
import { fieldErrorsOf } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "staffLearn.detailTitle");

const accommodationSchema = z.object({
  intent: z.literal("accommodation"),
  levelSlug: z.string().max(32),
  extraMinutes: z.coerce.number({ invalid_type_error: "validation.accommodation.minutes" }).int("validation.accommodation.minutes").min(0, "validation.accommodation.minutes").max(600, "validation.accommodation.minutes"),
  extraAttempts: z.coerce.number({ invalid_type_error: "validation.accommodation.attempts" }).int("validation.accommodation.attempts").min(0, "validation.accommodation.attempts").max(10, "validation.accommodation.attempts"),
});

const qualificationSchema = z.object({
  levelSlug: z.string({ required_error: "validation.level.unknown" }).max(32, "validation.level.unknown"),
  note: z
    .string({ required_error: "validation.note.required" })
    .trim()
    .min(1, "validation.note.required")
    .max(500, "validation.note.required"),
});

const transferSchema = z.object({
  intent: z.literal("transfer"),
  toCenterId: z.string().uuid("enrolment.transfer.errors.unknownCenter"),
  reason: z.string().max(2000, "enrolment.transfer.errors.reason"),
});

async function centerOf(request: Request, orgId: string | undefined, traineeId: string | undefined) {
  const user = await requireUser(request);
  const database = await db();
  const center = await getOrganization(database, user, orgId ?? "");
  if (center.kind !== "training_center") throw notFound();
  const id = z.string().uuid().safeParse(traineeId);
  if (!id.success) throw notFound();
  return { user, database, center, traineeId: id.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center, traineeId } = await centerOf(request, params.orgId, params.traineeId);
  const detail = await traineeDetailForStaff(database, user, { id: center.id, regionId: center.regionId }, traineeId);
  // A former center reads its records but changes nothing; only the current center records and transfers.
  const current = (await centerRelationToTrainee(database, center.id, traineeId)) === "current";
  const canRecord = current && can(user, "manage:center", { centerId: center.id });
  const [targets, transfers, linkState] = await Promise.all([
    current ? transferTargets(database, user, { id: center.id, regionId: center.regionId }) : [],
    transferHistory(database, traineeId),
    canRecord ? passwordLinkState(database, traineeId) : null,
  ]);
  return {
    center: { id: center.id, nameZh: center.nameZh, nameEn: center.nameEn },
    trainee: detail.trainee,
    levels: detail.overview.levels.map(({ slug, nameZh, nameEn, status }) => ({ slug, nameZh, nameEn, status })),
    courses: detail.courses.map((c) => ({ ...c, progress: detail.overview.progress.find((p) => p.slug === c.slug) ?? null })),
    qualifications: detail.qualifications,
    canRecord,
    // Staff may hand a set-password link to an account no e-mail reaches (no password yet, or no e-mail).
    canMakePasswordLink: !!linkState && !linkState.refusal,
    readOnly: !current,
    transferTargets: targets,
    transfers: transfers.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center, traineeId } = await centerOf(request, params.orgId, params.traineeId);
  const formData = await request.formData();
  const relation = await centerRelationToTrainee(database, center.id, traineeId);
  if (!relation) throw notFound();
  // The trainee has moved on: this center's page is read-only.
  if (relation !== "current") throw forbidden();
  if (formData.get("intent") === "transfer") {
    const parsed = transferSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success)
      return data({ result: undefined, recorded: false, accommodation: null, transfer: { field: String(parsed.error.issues[0]?.path[0] ?? "toCenterId"), error: parsed.error.issues[0]?.message ?? "enrolment.transfer.errors.unknownCenter" } }, { status: 400 });
    const moved = await transferTrainee(database, user, { traineeId, fromCenterId: center.id, ...parsed.data });
    if (!moved.ok) return data({ result: undefined, recorded: false, accommodation: null, transfer: moved }, { status: 400 });
    return redirect(`/manage/organizations/${parsed.data.toCenterId}/trainees/${traineeId}`);
  }
  if (formData.get("intent") === "accommodation") {
    const parsed = accommodationSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success)
      return data({ result: undefined, recorded: false, accommodation: parsed.error.issues[0]?.message ?? "validation.accommodation.minutes", transfer: null }, { status: 400 });
    await grantAccommodation(database, user, { centerId: center.id, traineeId, ...parsed.data });
    return { result: undefined, recorded: false, accommodation: "staffLearn.accommodationSaved", transfer: null };
  }
  const submission = parseWithZod(formData, { schema: qualificationSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), recorded: false, accommodation: null, transfer: null }, { status: 400 });
  const outcome = await recordPriorQualification(database, user, {
    centerId: center.id,
    traineeId,
    ...submission.value,
  });
  if (!outcome.ok)
    return data({ result: submission.reply({ fieldErrors: fieldErrorsOf(outcome) }), recorded: false, accommodation: null, transfer: null }, { status: 400 });
  return { result: submission.reply({ resetForm: true }), recorded: true, accommodation: null, transfer: null };
}

export default function TraineeLearningPage() {
  const { t, i18n } = useTranslation();
  const { center, trainee, levels, courses, qualifications, canRecord, canMakePasswordLink, readOnly, transferTargets, transfers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof qualificationSchema>>({ id: "qualification", lastResult: actionData?.result });
  const en = i18n.language === "en";
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  const levelName = (slug: string) => {
    const level = levels.find((l) => l.slug === slug);
    return level ? (en ? level.nameEn : level.nameZh) : slug;
  };
  return (
    <div className="space-y-6">
      <PageHeader title={`${trainee.name} · ${t("staffLearn.detailTitle")}`}>
        <Link to={`/manage/organizations/${center.id}`} className="link text-sm">
          {t("staffLearn.back")}
        </Link>
      </PageHeader>
      <p className="text-sm text-slate-600">{trainee.email ?? trainee.phone}</p>
      {readOnly ? <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("enrolment.transfer.readOnly")}</p> : null}

      <section className="grid gap-4 md:grid-cols-3" aria-label={t("learn.pathTitle")}>
        {levels.map((level) => (
          <div key={level.slug} className="card space-y-3">
            <h2 className="font-semibold">{en ? level.nameEn : level.nameZh}</h2>
            {level.status.held ? <p className="text-sm text-green-800">{t("learn.held")}</p> : null}
            <ProgressBar
              label={t("learn.coursesDone")}
              done={level.status.lessonsCompleted}
              total={level.status.lessonsTotal}
              detail={t("learn.coursesOf", { done: level.status.coursesCompleted, total: level.status.requiredCourses.length })}
            />
            <ProgressBar
              label={t("learn.studyHours")}
              done={level.status.hours}
              total={level.status.minHours}
              detail={t("learn.hoursOf", { done: level.status.hours, total: level.status.minHours })}
            />
          </div>
        ))}
      </section>

      <section className="card overflow-x-auto" aria-labelledby="by-course">
        <h2 id="by-course" className="text-lg font-semibold">
          {t("staffLearn.byCourse")}
        </h2>
        <table className="mt-3 w-full text-left text-sm">
          <thead className="border-b text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-4">{t("staffLearn.course")}</th>
              <th scope="col" className="py-2 pr-4">{t("staffLearn.lessons")}</th>
              <th scope="col" className="py-2 pr-4">{t("staffLearn.hours")}</th>
            </tr>
          </thead>
          <tbody>
            {courses.map((c) => (
              <tr key={c.slug} className="border-b last:border-0">
                <td className="py-2 pr-4">
                  {en ? c.titleEn : c.titleZh} <span className="text-slate-500">· {levelName(c.levelSlug)}</span>
                </td>
                <td className="py-2 pr-4 tabular-nums">
                  {c.progress?.lessonsCompleted ?? 0}/{c.progress?.lessonsTotal ?? 0}
                </td>
                <td className="py-2 pr-4 tabular-nums">{Math.floor(((c.progress?.seconds ?? 0) / 3600) * 10) / 10}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="qualifications">
        <h2 id="qualifications" className="text-lg font-semibold">
          {t("staffLearn.qualifications")}
        </h2>
        {qualifications.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("staffLearn.noQualifications")}</p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm">
            {qualifications.map((q) => (
              <li key={q.levelSlug}>
                <span className="font-medium">{levelName(q.levelSlug)}</span> — {q.note}
                <span className="text-slate-500">
                  {" "}
                  · {t("staffLearn.recordedBy")} {q.recordedBy ?? "—"} · {formatDateTime(q.createdAt, language)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {canRecord ? (
        <section className="card max-w-xl" aria-labelledby="accommodation-heading">
          <h2 id="accommodation-heading" className="text-lg font-semibold">
            {t("staffLearn.accommodationTitle")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t("staffLearn.accommodationHint")}</p>
          <Form method="post" className="mt-4 space-y-4">
            <input type="hidden" name="intent" value="accommodation" />
            {actionData?.accommodation ? (
              <FormMessage tone={actionData.accommodation.startsWith("staffLearn.") ? "success" : "error"}>{t(actionData.accommodation)}</FormMessage>
            ) : null}
            <div className="grid gap-4 sm:grid-cols-3">
              <div>
                <label htmlFor="acc-level" className="block text-sm font-medium">
                  {t("staffLearn.level")}
                </label>
                <select id="acc-level" name="levelSlug" className="input mt-1">
                  <LevelOptions levels={levels} />
                </select>
              </div>
              <div>
                <label htmlFor="acc-minutes" className="block text-sm font-medium">
                  {t("staffLearn.extraMinutes")}
                </label>
                <input id="acc-minutes" name="extraMinutes" type="number" min={0} max={600} defaultValue={0} className="input mt-1" />
              </div>
              <div>
                <label htmlFor="acc-attempts" className="block text-sm font-medium">
                  {t("staffLearn.extraAttempts")}
                </label>
                <input id="acc-attempts" name="extraAttempts" type="number" min={0} max={10} defaultValue={0} className="input mt-1" />
              </div>
            </div>
            <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
              {t("staffLearn.accommodationSave")}
            </button>
          </Form>
        </section>
      ) : null}

      {canRecord ? (
        <section className="card max-w-xl" aria-labelledby="record-heading">
          <h2 id="record-heading" className="text-lg font-semibold">
            {t("staffLearn.recordTitle")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t("staffLearn.recordHint")}</p>
          <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
            {actionData?.recorded ? <FormMessage tone="success">{t("staffLearn.recorded")}</FormMessage> : null}
            <div>
              <label htmlFor={fields.levelSlug.id} className="block text-sm font-medium">
                {t("staffLearn.level")}
              </label>
              <select {...getSelectProps(fields.levelSlug)} key={fields.levelSlug.key} className="input mt-1">
                <LevelOptions levels={levels} />
              </select>
              <ErrorList id={fields.levelSlug.errorId} errors={fields.levelSlug.errors} />
            </div>
            <div>
              <label htmlFor={fields.note.id} className="block text-sm font-medium">
                {t("staffLearn.note")}
              </label>
              <textarea
                {...getTextareaProps(fields.note, { ariaDescribedBy: `${fields.note.id}-hint` })}
                key={fields.note.key}
                rows={3}
                className="input mt-1"
              />
              <p id={`${fields.note.id}-hint`} className="mt-1 text-sm text-slate-600">
                {t("staffLearn.noteHint")}
              </p>
              <ErrorList id={fields.note.errorId} errors={fields.note.errors} />
            </div>
            <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
              {t("staffLearn.record")}
            </button>
          </Form>
        </section>
      ) : null}
      {canMakePasswordLink ? <PasswordLinkOffer to={`/manage/organizations/${center.id}/trainees/${trainee.id}/password-link`} /> : null}
      <TransferHistory transfers={transfers} />
      {transferTargets.length ? <TransferForm targets={transferTargets} failure={actionData?.transfer ?? null} /> : null}
    </div>
  );
}
