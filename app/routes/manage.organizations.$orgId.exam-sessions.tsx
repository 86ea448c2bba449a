import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ExamSessionForm, ExamSessionTable } from "~/components/exam-session-form";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { can } from "~/modules/orgs/index.server";
import { listExamSessions } from "~/modules/exams/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { requireCenter } from "~/utils/center.server";
import { notFound } from "~/utils/errors.server";
import { handleExamSessionForm } from "~/utils/exam-session-form.server";
import { firstError } from "~/utils/form-reply";
import { examSessionSchema } from "~/utils/exam-session-schema";
import { titleMeta } from "~/utils/meta";
import { TraineePicker } from "~/components/trainee-picker";
import { expandPickerSelection, traineePickerData } from "~/utils/trainee-picker.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "sessions.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const [sessions, levels, picker] = await Promise.all([
    listExamSessions(database, user, center),
    loadLevels(database),
    // A searchable, paged picker instead of every trainee of the center as a checkbox.
    traineePickerData(request, database, user, center),
  ]);
  return {
    center,
    sessions: sessions.map((s) => ({
      ...s,
      opensAt: s.opensAt.toISOString(),
      closesAt: s.closesAt.toISOString(),
      cancelledAt: s.cancelledAt?.toISOString() ?? null,
    })),
    levels: levels.filter((l) => l.config.exam).map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn })),
    picker,
    canManage: can(user, "manage:center", { centerId: center.id }),
    now: new Date().toISOString(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const form = await request.formData();
  // This page schedules for named trainees; cohorts schedule from their own page.
  form.delete("cohortId");
  await expandPickerSelection(form, database, center.id, "traineeIds");
  const submission = parseWithZod(form, { schema: examSessionSchema });
  if (submission.status !== "success") {
    // A time that is not one: said beside the list, as the service's refusals.
    if (submission.payload.intent === "reschedule" && typeof submission.payload.sessionId === "string")
      return data({ intent: "reschedule" as const, result: submission.reply(), scheduled: false }, { status: 400 });
    // A cancel button that names no session of ours, or a request this page does not make.
    if (submission.payload.intent !== "schedule") throw notFound();
    return data({ intent: "schedule" as const, result: submission.reply(), scheduled: false }, { status: 400 });
  }
  return handleExamSessionForm(database, user, center, submission, submission.value);
}

export default function ExamSessionsPage() {
  const { t } = useTranslation();
  const { center, sessions, levels, picker, canManage, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { en } = useLocale();
  const levelName = (slug: string) => {
    const level = levels.find((l) => l.slug === slug);
    return level ? (en ? level.nameEn : level.nameZh) : slug;
  };
  return (
    <div className="space-y-6">
      <PageHeader title={`${en ? center.nameEn : center.nameZh} · ${t("sessions.title")}`}>
        <div className="flex flex-wrap gap-3 text-sm">
          <Link to={`/manage/organizations/${center.id}`} className="link">
            {t("cohorts.backToCenter")}
          </Link>
          <Link to={`/manage/organizations/${center.id}/cohorts`} className="link">
            {t("cohorts.title")}
          </Link>
        </div>
      </PageHeader>
      <section className="card" aria-labelledby="session-list">
        <h2 id="session-list" className="text-lg font-semibold">
          {t("sessions.list")}
        </h2>
        {actionData?.scheduled ? <FormMessage tone="success">{t("sessions.scheduled")}</FormMessage> : null}
        {actionData?.intent === "reschedule" ? (
          actionData.result.status !== "error" ? (
            "changed" in actionData && actionData.changed ? (
              <FormMessage tone="success">{t("sessions.changed")}</FormMessage>
            ) : null
          ) : (
            <FormMessage>{t(firstError(actionData.result) ?? "validation.session.time")}</FormMessage>
          )
        ) : null}
        <ExamSessionTable
          sessions={sessions.map((s) => ({
            ...s,
            name: `${s.name} · ${levelName(s.levelSlug)}`,
            who: s.cohortName ? `${t("sessions.cohort")}：${s.cohortName}` : s.names.join("、"),
          }))}
          canCancel={canManage}
          now={now}
          consoleHref={canManage ? (id) => `/manage/organizations/${center.id}/exam-sessions/${id}` : undefined}
        />
      </section>
      {canManage ? (
        <section className="card max-w-3xl" aria-labelledby="session-create">
          <h2 id="session-create" className="text-lg font-semibold">
            {t("sessions.scheduleNamed")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t("sessions.scheduleNamedHint")}</p>
          <TraineePicker
            formId="session"
            inputName="traineeIds"
            data={picker.result}
            filter={picker.filter}
            cohorts={picker.cohorts}
            levels={levels}
          />
          <ExamSessionForm
            levels={levels}
            namedTrainees
            lastResult={actionData?.intent === "schedule" ? actionData.result : null}
          />
        </section>
      ) : null}
    </div>
  );
}
