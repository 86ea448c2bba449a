import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, FormMessage, LevelOptions, PageHeader } from "~/components/forms";
import { PasswordLinkOffer } from "~/components/password-link";
import { TransferForm, TransferHistory } from "~/components/trainee-transfer";
import {
  CourseProgressSection,
  LevelProgressCards,
  QualificationsSection,
} from "~/components/trainee/learning-sections";
import { AccommodationForm } from "~/components/trainee/accommodation-form";
import { useLocale } from "~/hooks/use-locale";
import { can, getOrganization } from "~/modules/orgs/index.server";
import {
  centerRelationToTrainee,
  passwordLinkState,
  transferHistory,
  transferTargets,
  transferTrainee,
} from "~/modules/enrolment/index.server";
import { grantAccommodation } from "~/modules/exams/index.server";
import { heldLevelsOf } from "~/modules/certificates/index.server";
import { recordPriorQualification, traineeDetailForStaff } from "~/modules/learning/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/errors.server";
import { firstError, replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "staffLearn.detailTitle");

const accommodationSchema = z.object({
  intent: z.literal("accommodation"),
  levelSlug: z.string().max(32).default(""),
  // An empty number field has always meant none.
  extraMinutes: z.coerce
    .number({ invalid_type_error: "validation.accommodation.minutes" })
    .int("validation.accommodation.minutes")
    .min(0, "validation.accommodation.minutes")
    .max(600, "validation.accommodation.minutes")
    .default(0),
  extraAttempts: z.coerce
    .number({ invalid_type_error: "validation.accommodation.attempts" })
    .int("validation.accommodation.attempts")
    .min(0, "validation.accommodation.attempts")
    .max(10, "validation.accommodation.attempts")
    .default(0),
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
  toCenterId: z
    .string({ required_error: "enrolment.transfer.errors.unknownCenter" })
    .uuid("enrolment.transfer.errors.unknownCenter"),
  // An empty reason is refused by transferTrainee, with its message.
  reason: z.string().max(2000, "enrolment.transfer.errors.reason").default(""),
});

const traineeActionSchema = z.discriminatedUnion("intent", [
  qualificationSchema.extend({ intent: z.literal("qualification") }),
  transferSchema,
  accommodationSchema,
]);

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
  const [relation, heldLevels] = await Promise.all([
    centerRelationToTrainee(database, center.id, traineeId),
    heldLevelsOf(database, traineeId),
  ]);
  const detail = await traineeDetailForStaff(database, user, { id: center.id, regionId: center.regionId }, traineeId, {
    relatedToCenter: relation !== null,
    heldLevels,
  });
  // A former center reads its records but changes nothing; only the current center records and transfers.
  const current = relation === "current";
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
    courses: detail.courses.map((c) => ({
      ...c,
      progress: detail.overview.progress.find((p) => p.slug === c.slug) ?? null,
    })),
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
  // The qualification form is the page's first and posts without an intent.
  if (!formData.get("intent")) formData.set("intent", "qualification");
  const submission = parseWithZod(formData, { schema: traineeActionSchema });
  if (submission.status !== "success") {
    const reply = submission.reply();
    const intent = submission.payload.intent;
    if (intent === "transfer")
      return data({ result: undefined, recorded: false, accommodation: null, transfer: reply }, { status: 400 });
    // The accommodation form answers with one message above its fields.
    if (intent === "accommodation")
      return data(
        {
          result: undefined,
          recorded: false,
          accommodation: firstError(reply) ?? "validation.accommodation.minutes",
          transfer: null,
        },
        { status: 400 },
      );
    if (intent !== "qualification") throw notFound();
    return data({ result: reply, recorded: false, accommodation: null, transfer: null }, { status: 400 });
  }
  const value = submission.value;
  if (value.intent === "transfer") {
    const { intent: _intent, ...transfer } = value;
    const moved = await transferTrainee(database, user, { traineeId, fromCenterId: center.id, ...transfer });
    if (!moved.ok)
      return data(
        { result: undefined, recorded: false, accommodation: null, transfer: replyWithFailure(submission, moved) },
        { status: 400 },
      );
    return redirect(`/manage/organizations/${value.toCenterId}/trainees/${traineeId}`);
  }
  if (value.intent === "accommodation") {
    const { intent: _intent, ...accommodation } = value;
    await grantAccommodation(database, user, { centerId: center.id, traineeId, ...accommodation });
    return { result: undefined, recorded: false, accommodation: "staffLearn.accommodationSaved", transfer: null };
  }
  const { intent: _intent, ...qualification } = value;
  const outcome = await recordPriorQualification(database, user, {
    centerId: center.id,
    traineeId,
    ...qualification,
  });
  if (!outcome.ok)
    return data(
      { result: replyWithFailure(submission, outcome), recorded: false, accommodation: null, transfer: null },
      { status: 400 },
    );
  return { result: submission.reply({ resetForm: true }), recorded: true, accommodation: null, transfer: null };
}

export default function TraineeLearningPage() {
  const { t } = useTranslation();
  const {
    center,
    trainee,
    levels,
    courses,
    qualifications,
    canRecord,
    canMakePasswordLink,
    readOnly,
    transferTargets,
    transfers,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof qualificationSchema>>({
    id: "qualification",
    lastResult: actionData?.result,
  });
  const { pick } = useLocale();
  const levelName = (slug: string) => {
    const level = levels.find((l) => l.slug === slug);
    return level ? pick(level.nameZh, level.nameEn) : slug;
  };
  return (
    <div className="space-y-6">
      <PageHeader title={`${trainee.name} · ${t("staffLearn.detailTitle")}`}>
        <Link to={`/manage/organizations/${center.id}`} className="link text-sm">
          {t("staffLearn.back")}
        </Link>
      </PageHeader>
      <p className="text-sm text-slate-600">{trainee.email ?? trainee.phone}</p>
      {readOnly ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("enrolment.transfer.readOnly")}
        </p>
      ) : null}

      <LevelProgressCards levels={levels} />

      <CourseProgressSection courses={courses} levelName={levelName} />

      <QualificationsSection qualifications={qualifications} levelName={levelName} />

      {canRecord ? <AccommodationForm levels={levels} message={actionData?.accommodation} /> : null}

      {canRecord ? (
        <section className="card max-w-xl" aria-labelledby="record-heading">
          <h2 id="record-heading" className="text-lg font-semibold">
            {t("staffLearn.recordTitle")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t("staffLearn.recordHint")}</p>
          <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
            {actionData?.recorded ? <FormMessage tone="success">{t("staffLearn.recorded")}</FormMessage> : null}
            <input type="hidden" name="intent" value="qualification" />
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
      {canMakePasswordLink ? (
        <PasswordLinkOffer to={`/manage/organizations/${center.id}/trainees/${trainee.id}/password-link`} />
      ) : null}
      <TransferHistory transfers={transfers} />
      {transferTargets.length ? (
        <TransferForm targets={transferTargets} lastResult={actionData?.transfer ?? null} />
      ) : null}
    </div>
  );
}
